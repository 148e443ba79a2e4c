/* A table wider than the screen scrolls inside its own box; such a box takes
   keyboard focus so that it can be scrolled with the arrow keys. */
(function () {
  "use strict";

  function markScrollableBoxes() {
    document.querySelectorAll(".table, .table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markScrollableBoxes);
  } else {
    markScrollableBoxes();
  }
  window.addEventListener("resize", markScrollableBoxes);
})();
