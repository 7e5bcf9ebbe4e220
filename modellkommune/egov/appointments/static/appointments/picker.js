// Optional enhancement of the slot picker: htmx swaps in another day without reloading the page.
// After the swap, focus moves to the heading of the times so keyboard and screen-reader users
// land where the new content starts (the page works the same without JavaScript).
document.addEventListener("htmx:afterSettle", function (event) {
  if (event.detail && event.detail.target && event.detail.target.id === "picker") {
    var heading = document.getElementById("zeiten");
    if (heading) { heading.focus(); }
  }
});
