// Rules editor: with htmx loaded, choosing a criterion kind swaps in its fields by itself,
// so the no-JavaScript "show the fields" buttons are hidden.
(function () {
  if (!window.htmx) {
    return;
  }
  document.querySelectorAll("[data-nojs-refresh]").forEach(function (button) {
    button.hidden = true;
  });
})();
