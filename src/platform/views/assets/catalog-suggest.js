// Suggestions while typing in the catalog search (progressive enhancement; owned by the
// catalog module). The form works without this script: it is a plain GET form.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form.catalog-search[data-suggest]');
  Array.prototype.forEach.call(forms, function (form, index) {
    var input = form.querySelector('input[name="q"]');
    if (!input || !window.fetch) return;
    var list = document.createElement('datalist');
    list.id = 'catalog-suggest-' + index;
    form.appendChild(list);
    input.setAttribute('list', list.id);
    var urls = {};
    var timer = null;
    var last = '';
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        fetch(form.getAttribute('data-suggest') + '?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
          .then(function (res) { return res.ok ? res.json() : { items: [] }; })
          .then(function (data) {
            if (input.value.trim() !== q) return;
            list.textContent = '';
            urls = {};
            data.items.forEach(function (item) {
              var option = document.createElement('option');
              option.value = item.title;
              urls[item.title] = item.url;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
    // Choosing a suggestion leads straight to the service page.
    form.addEventListener('submit', function (event) {
      var url = urls[input.value];
      if (url) {
        event.preventDefault();
        window.location.href = url;
      }
    });
  });
})();
