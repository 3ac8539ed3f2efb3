// kehoach review page: select a finding (click, j/k) and scroll both texts to its
// evidence; follow the progress of a running check. No inline script anywhere.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var current = -1;

  function reveal(id, box) {
    if (!id || !box) return;
    var mark = document.getElementById(id);
    if (!mark) return;
    mark.classList.add("active");
    box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }

  function select(i) {
    if (i < 0 || i >= rows.length) return;
    current = i;
    rows.forEach(function (r) { r.classList.remove("selected"); });
    document.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
    var row = rows[i];
    row.classList.add("selected");
    row.scrollIntoView({ block: "nearest" });
    reveal(row.dataset.parent, document.getElementById("parent-text"));
    reveal(row.dataset.child, document.getElementById("child-text"));
  }

  rows.forEach(function (row, i) {
    row.addEventListener("click", function (e) {
      if (e.target.closest("form, details, a, button, input, textarea")) return;
      select(i);
    });
  });

  // a click on a highlighted passage selects its finding
  document.querySelectorAll(".doc mark").forEach(function (mark) {
    mark.addEventListener("click", function () {
      var i = rows.findIndex(function (r) { return r.id === "f-" + mark.dataset.finding; });
      select(i);
    });
  });

  document.addEventListener("keydown", function (e) {
    if (e.target.closest && e.target.closest("input, textarea, select")) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "j") { select(Math.min(current + 1, rows.length - 1)); e.preventDefault(); }
    if (e.key === "k") { select(Math.max(current - 1, 0)); e.preventDefault(); }
  });

  // after a decision the page comes back with #f-N: select that finding again
  if (location.hash.indexOf("#f-") === 0) {
    var back = rows.findIndex(function (r) { return "#" + r.id === location.hash; });
    if (back >= 0) select(back);
  }

  var progress = document.getElementById("progress");
  if (progress) {
    var poll = function () {
      fetch(progress.dataset.status, { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          progress.value = s.done;
          document.getElementById("done").textContent = s.done;
          if (s.status !== "running") location.reload();
          else setTimeout(poll, 700);
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 500);
  }
})();
