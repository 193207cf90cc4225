// OPC application entry: choosing a producer reloads the page with its products.
document.addEventListener("DOMContentLoaded", function () {
  var chooser = document.getElementById("producer-chooser");
  if (!chooser) return;
  var select = chooser.querySelector("select");
  if (select) select.addEventListener("change", function () { chooser.submit(); });
});
