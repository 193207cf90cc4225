// The officer's working area: a 409 (someone else withdrew or changed the nomination
// first) carries the working area as it is now with the Thai message on top; htmx
// leaves 4xx answers out by default, so let this one in.
document.body.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
