// Search with no server (commit site): every word typed must appear in a title.
// Reads the index search-index.js sets (window.commitSearch: [title, kind, path] rows);
// writes results with textContent only, so titles stay text.
(function () {
  "use strict";
  var rows = window.commitSearch || [];
  var input = document.getElementById("query");
  var list = document.getElementById("results");
  var summary = document.getElementById("summary");
  var limit = 100;
  var folded = rows.map(function (row) { return row[0].toLowerCase(); });

  function show() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) {
      summary.textContent = "Type words of a title; " + rows.length + " pages are searched.";
      return;
    }
    var found = 0;
    for (var i = 0; i < rows.length; i++) {
      var title = folded[i];
      if (!words.every(function (word) { return title.indexOf(word) !== -1; })) { continue; }
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
    summary.textContent = found === 0 ? "Nothing found." :
      found + (found === 1 ? " page found" : " pages found") +
      (found > limit ? "; the first " + limit + " are shown." : ".");
  }

  input.addEventListener("input", show);
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) { input.value = given; }
  show();
}());
