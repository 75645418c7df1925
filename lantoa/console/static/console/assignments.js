/* Lan Tỏa — task pages. Loaded as a file (the console's Content-Security-Policy runs no inline script).
 *
 * "Assign a task": shows how many units the choice reaches, as it changes; shows only the part of the
 * form the choice needs; filters the unit list as one types; shows the chosen plan's indicators.
 * Task board: "Tick all late units".
 * Without JavaScript every part stays visible and the server checks everything anyway.
 */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function setUpAssignForm(form) {
    var total = form.querySelector("[data-lt-total]");
    var root = form.querySelector("[data-lt-root]");
    var find = form.querySelector("[data-lt-find]");
    var plan = form.querySelector("#id_plan");

    function chosenTarget() {
      var checked = form.querySelector('input[name="target"]:checked');
      return checked ? checked.value : "";
    }

    function count() {
      var target = chosenTarget();
      var inScope = null;
      var n = 0;
      if (target === "hand_picked") {
        n = form.querySelectorAll('input[name="units"]:checked').length;
      } else if (target === "subtree") {
        var option = root && root.selectedOptions[0];
        n = option && option.dataset.count ? parseInt(option.dataset.count, 10) : 0;
      } else {
        var badge = form.querySelector('[data-lt-count="' + target + '"]');
        if (badge) {
          n = parseInt(badge.dataset.count, 10);
          inScope = parseInt(badge.dataset.inScope, 10);
        }
      }
      return { n: n, outside: inScope === null ? 0 : n - inScope };
    }

    function update() {
      var target = chosenTarget();
      form.querySelectorAll("[data-lt-part]").forEach(function (part) {
        part.hidden = part.dataset.ltPart !== target;
      });
      var result = count();
      var text = (result.n === 1 ? total.dataset.one : total.dataset.many).replace("__COUNT__", result.n);
      if (result.outside > 0) {
        text += " " + total.dataset.outside.replace("__COUNT__", result.outside);
      }
      total.textContent = text;
      total.classList.toggle("lt-late", result.outside > 0 || result.n === 0);
      if (plan) {
        var chosen = plan.value;
        form.querySelectorAll("[data-lt-plan]").forEach(function (box) {
          var input = box.querySelector("input");
          box.hidden = box.dataset.ltPlan !== chosen && !(input && input.checked);
        });
        var hint = form.querySelector("[data-lt-no-plan]");
        if (hint) hint.hidden = Boolean(chosen);
        var list = form.querySelector("[data-lt-indicators]");
        if (list) list.hidden = !list.querySelector("[data-lt-plan]:not([hidden])");
      }
    }

    if (find) {
      find.addEventListener("input", function () {
        var words = fold(find.value).split(/\s+/).filter(Boolean);
        form.querySelectorAll("[data-lt-name]").forEach(function (label) {
          var name = fold(label.dataset.ltName);
          label.hidden = !words.every(function (w) { return name.indexOf(w) !== -1; });
        });
      });
    }
    form.addEventListener("change", update);
    update();
  }

  function setUpBoard(board) {
    var button = board.querySelector("[data-lt-tick-late]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var boxes = board.querySelectorAll('input[name="unit"]');
      var all = Array.prototype.every.call(boxes, function (b) { return b.checked; });
      boxes.forEach(function (b) { b.checked = !all; });
    });
  }

  document.querySelectorAll("[data-lt-assign]").forEach(setUpAssignForm);
  document.querySelectorAll("[data-lt-board]").forEach(setUpBoard);
})();
