// The member's listing form, enhanced (the form works the same without it):
// - a warning before leaving the page with changes not yet saved;
// - "Remove reference" hides the row at once, with Undo until the draft is saved (the row's
//   "remove" checkbox is what the server reads, so without JavaScript it is just a checkbox);
// - the sticky Save/Submit bar's real height keeps focused fields clear of it (site CSS reads
//   --actions-height for scroll-padding-bottom).
(function () {
  "use strict";
  var form = document.querySelector("form.listing-form");
  if (!form) return;

  function snapshot() {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrf_token" || name === "pending_logo") return;
      parts.push(name + "=" + (typeof value === "string" ? value : value.name + ":" + value.size));
    });
    return parts.join("&");
  }

  var saved = snapshot();
  var leaving = false;
  form.addEventListener("submit", function () { leaving = true; });
  window.addEventListener("beforeunload", function (event) {
    if (leaving || snapshot() === saved) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to show their (generic) warning
  });

  document.querySelectorAll("[data-reference]").forEach(function (reference) {
    var box = reference.querySelector("input[type=checkbox][name$='-remove']");
    var plain = box.closest("[data-remove-plain]");
    var body = reference.querySelector("[data-reference-body]");
    var notice = reference.querySelector("[data-removed-notice]");
    var removeButton = document.createElement("button");
    removeButton.type = "button";
    removeButton.className = "secondary";
    removeButton.textContent = reference.getAttribute("data-remove-text");
    plain.hidden = true;
    plain.parentNode.insertBefore(removeButton, plain);
    var undo = notice.querySelector("button");

    function show(removed) {
      box.checked = removed;
      body.hidden = removed;
      removeButton.hidden = removed;
      notice.hidden = !removed;
    }
    removeButton.addEventListener("click", function () { show(true); undo.focus(); });
    undo.addEventListener("click", function () { show(false); removeButton.focus(); });
    show(box.checked);
  });

  var bar = form.querySelector(".actions");
  // Chrome does not scroll a focused field that is already partly in view (a tall textarea),
  // whatever scroll-padding says: bring it clear of the bar, its top never above the window.
  form.addEventListener("focusin", function (event) {
    if (!bar || bar.contains(event.target)) return;
    var field = event.target.getBoundingClientRect();
    var barTop = bar.getBoundingClientRect().top;
    if (field.bottom > barTop - 8) window.scrollBy(0, Math.min(field.bottom - barTop + 16, field.top - 16));
  });
  function measure() {
    document.documentElement.style.setProperty("--actions-height", bar.offsetHeight + "px");
  }
  if (bar) {
    measure();
    if (window.ResizeObserver) new ResizeObserver(measure).observe(bar);
    else window.addEventListener("resize", measure);
  }
})();
