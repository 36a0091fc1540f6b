// Drag and drop and upload progress for the documents checklist. Without this script the
// forms post normally; with it, files go through XMLHttpRequest so progress can be shown.
(function () {
  "use strict";

  function upload(form, file) {
    var data = new FormData(form);
    if (file) { data.set("file", file); }
    var progress = form.querySelector("progress");
    var status = form.querySelector(".upload-status");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    progress.classList.remove("d-none");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        progress.value = Math.round((event.loaded / event.total) * 100);
        status.textContent = progress.value + " %";
      }
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 201) {
        window.location.reload();
        return;
      }
      progress.classList.add("d-none");
      var message = xhr.statusText;
      try { message = JSON.parse(xhr.responseText).detail; } catch (e) { /* not JSON */ }
      status.textContent = message;
      status.classList.add("text-danger");
      status.setAttribute("role", "alert");
    });
    xhr.addEventListener("error", function () {
      progress.classList.add("d-none");
      status.textContent = form.dataset.networkError || "The upload failed. Check your connection and try again.";
    });
    xhr.send(data);
  }

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      upload(form, null);
    });
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (event) {
        event.preventDefault();
        form.classList.add("border-primary");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function () { form.classList.remove("border-primary"); });
    });
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) { upload(form, files[0]); }
    });
  });
})();
