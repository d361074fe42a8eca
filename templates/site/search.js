// Search with no server (commit site): every word typed must appear in a title.
// Reads the index search-index.js sets (window.commitSearch: [title, kind, path] rows);
// writes results with textContent only, so titles stay text. The words it shows come from
// the page, in its language: the summary's data-* attributes ({count} is filled in).
(function () {
  "use strict";
  var rows = window.commitSearch || [];
  var input = document.getElementById("query");
  var list = document.getElementById("results");
  var summary = document.getElementById("summary");
  var words = summary.dataset;
  var limit = parseInt(words.limit, 10) || 100;
  var folded = rows.map(function (row) { return row[0].toLowerCase(); });
  var numbers = null;
  try { numbers = new Intl.NumberFormat(document.documentElement.lang || undefined); } catch (e) { numbers = null; }

  function counted(text, count) {
    return text.replace("{count}", numbers ? numbers.format(count) : String(count));
  }

  function show() {
    var typed = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!typed.length) {
      summary.textContent = words.type;
      return;
    }
    var found = 0;
    for (var i = 0; i < rows.length; i++) {
      var title = folded[i];
      if (!typed.every(function (word) { return title.indexOf(word) !== -1; })) { continue; }
      found++;
      if (found > limit) { continue; }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.setAttribute("href", rows[i][2]);
      link.textContent = rows[i][0];
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " " + rows[i][1];
      item.appendChild(link);
      item.appendChild(kind);
      list.appendChild(item);
    }
    summary.textContent = found === 0 ? words.none :
      counted(found > limit ? words.limited : (found === 1 ? words.one : words.many), found);
  }

  input.addEventListener("input", show);
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) { input.value = given; }
  show();
}());
