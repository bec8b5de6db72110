// The regions-and-countries control, enhanced: a filter box, chosen items as removable chips,
// and the two boxes of a country listed in two regions kept in step. Without this script the
// control is plain checkboxes in folding groups and works the same.
(function () {
  "use strict";

  function enhance(picker) {
    var tools = picker.querySelector("[data-area-tools]");
    var chips = picker.querySelector("[data-area-chips]");
    var none = picker.querySelector("[data-area-none]");
    var filter = picker.querySelector("[data-area-filter]");
    var noMatch = picker.querySelector("[data-area-nomatch]");
    var groups = Array.prototype.slice.call(picker.querySelectorAll("[data-area-group]"));
    var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]"));
    var removeLabel = filter.getAttribute("data-remove-label");
    tools.hidden = false;

    function key(box) { return box.name + "=" + box.value; }

    function renderChips() {
      chips.textContent = "";
      var seen = {};
      boxes.forEach(function (box) {
        if (!box.checked || seen[key(box)]) return;
        seen[key(box)] = true;
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "area-chip";
        button.setAttribute("data-for", key(box));
        button.setAttribute("aria-label", removeLabel.replace("{name}", box.getAttribute("data-label")));
        button.textContent = box.getAttribute("data-label") + " \u00d7";
        li.appendChild(button);
        chips.appendChild(li);
      });
      none.hidden = chips.children.length > 0;
    }

    picker.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox") return;
      boxes.forEach(function (other) {  // Egypt is in two regions: one choice, two boxes
        if (other !== box && key(other) === key(box)) other.checked = box.checked;
      });
      renderChips();
    });

    chips.addEventListener("click", function (event) {
      var chip = event.target.closest("button[data-for]");
      if (!chip) return;
      var next = chip.parentElement.nextElementSibling || chip.parentElement.previousElementSibling;
      boxes.forEach(function (box) {
        if (key(box) === chip.getAttribute("data-for") && box.checked) {
          box.checked = false;
          box.dispatchEvent(new Event("input", { bubbles: true }));  // the form's unsaved-changes check
        }
      });
      renderChips();
      var focusTarget = next && chips.querySelector("button[data-for='" + next.firstChild.getAttribute("data-for") + "']");
      (focusTarget || filter).focus();  // focus never falls to the top of the page
    });

    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // Enter here filters; it does not save
    });

    filter.addEventListener("input", function () {
      var query = filter.value.trim().toLowerCase();
      var any = false;
      groups.forEach(function (group) {
        var hits = 0;
        group.querySelectorAll("[data-area-names]").forEach(function (item) {
          var match = !query || item.getAttribute("data-area-names").toLowerCase().indexOf(query) !== -1;
          item.hidden = !match;
          if (match) hits += 1;
        });
        group.hidden = query !== "" && hits === 0;
        if (query) group.open = hits > 0;
        any = any || hits > 0;
      });
      noMatch.hidden = any || !query;
    });

    renderChips();
  }

  document.querySelectorAll("[data-area-picker]").forEach(enhance);
})();
