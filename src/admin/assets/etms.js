// eTMS admin pages: small enhancements only; every page works without this file.
/* global document, window, DataTransfer, Event */
(function () {
  'use strict';

  // The school selector submits itself when a school is chosen.
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () {
      if (!select.form) return;
      if (select.form.requestSubmit) select.form.requestSubmit();
      else select.form.submit();
    });
  });

  // « Imprimer » opens the browser's print dialog instead of the print view.
  document.querySelectorAll('[data-print]').forEach(function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      window.print();
    });
  });

  // « Sélectionner tout » ticks every status box.
  document.querySelectorAll('input[data-select-all]').forEach(function (all) {
    var name = all.getAttribute('data-select-all');
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll('input[type=checkbox][name="' + name + '"]'),
    );
    all.addEventListener('change', function () {
      boxes.forEach(function (box) {
        box.checked = all.checked;
      });
    });
    boxes.forEach(function (box) {
      box.addEventListener('change', function () {
        all.checked = boxes.every(function (b) {
          return b.checked;
        });
      });
    });
  });

  // Drag and drop a transcript file onto the upload form.
  document.querySelectorAll('form[data-dropzone]').forEach(function (form) {
    var input = form.querySelector('input[type=file]');
    var hint = form.querySelector('.drop-hint');
    if (!input || typeof DataTransfer === 'undefined') return;
    if (hint) hint.hidden = false;
    ['dragenter', 'dragover'].forEach(function (type) {
      form.addEventListener(type, function (event) {
        event.preventDefault();
        form.classList.add('dragging');
      });
    });
    ['dragleave', 'drop'].forEach(function (type) {
      form.addEventListener(type, function () {
        form.classList.remove('dragging');
      });
    });
    form.addEventListener('drop', function (event) {
      event.preventDefault();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || files.length === 0) return;
      var transfer = new DataTransfer();
      transfer.items.add(files[0]);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  });
})();
