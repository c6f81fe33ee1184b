// Sends the file of a form marked data-chunked-upload in pieces to /api/v1/evidence/uploads,
// so a file of several GB goes through without a single huge request and survives a dropped
// connection (each piece is retried from where the server says the upload stands). When the
// server has sealed the file (type checked, SM3 and SHA-256 computed) the form is submitted
// with the upload's id instead of the file. Without JavaScript the form posts the file whole.
(function () {
  "use strict";

  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function call(method, url, token, body, type) {
    var headers = { "X-CSRFToken": token, "Accept": "application/json" };
    if (type) headers["Content-Type"] = type;
    return fetch(url, { method: method, headers: headers, body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) {
            var detail = (data.details || []).map(function (d) { return d.message; }).join(" ");
            var error = new Error(detail || data.message || response.statusText);
            error.status = response.status;
            error.data = data;
            throw error;
          }
          return data;
        });
      });
  }

  function setup(form) {
    var box = form.querySelector("[data-uploader]");
    var fileInput = form.querySelector("input[type=file][name=file]");
    var uploadInput = form.querySelector("input[name=upload]");
    if (!box || !fileInput || !uploadInput || !window.fetch) return;
    var bar = box.querySelector("progress");
    var status = box.querySelector(".uploader-status");
    var text = box.querySelector(".uploader-msg").dataset;
    var base = box.dataset.endpoint.replace(/\/$/, "");
    var chunkBytes = parseInt(box.dataset.chunkBytes, 10);
    var maxBytes = parseInt(box.dataset.maxBytes, 10);
    var busy = false;

    function show(message, bad) {
      box.hidden = false;
      status.textContent = message;
      status.className = "uploader-status " + (bad ? "field-error" : "muted");
    }

    function sendFrom(id, file, offset, token, attempt) {
      if (offset >= file.size) return Promise.resolve();
      var end = Math.min(offset + chunkBytes, file.size);
      bar.value = Math.floor((offset / file.size) * 100);
      show(text.sending + " " + Math.floor((offset / file.size) * 100) + "%");
      return call("PUT", base + "/" + id + "?offset=" + offset, token,
                  file.slice(offset, end), "application/octet-stream")
        .then(function (state) { return sendFrom(id, file, state.received, token, 0); })
        .catch(function (error) {
          if (error.status === 422 && error.data && error.data.details &&
              error.data.details.some(function (d) { return d.type === "wrong_offset"; })) {
            return call("GET", base + "/" + id, token).then(function (state) {
              return sendFrom(id, file, state.received, token, attempt + 1);
            });
          }
          if (!error.status && attempt < 5) {  // network: wait and ask where we stand
            show(text.retry, true);
            return new Promise(function (r) { setTimeout(r, 1000 * (attempt + 1)); })
              .then(function () { return call("GET", base + "/" + id, token); })
              .then(function (state) { return sendFrom(id, file, state.received, token, attempt + 1); });
          }
          throw error;
        });
    }

    form.addEventListener("submit", function (event) {
      var file = fileInput.files && fileInput.files[0];
      if (!file || uploadInput.value) return;  // nothing to send, or already sent
      event.preventDefault();
      if (busy) return;
      if (file.size > maxBytes) {
        show(text.tooLarge + " " + Math.round(maxBytes / 1048576) + " MB", true);
        return;
      }
      busy = true;
      var token = csrf(form);
      var buttons = form.querySelectorAll("button[type=submit]");
      buttons.forEach(function (b) { b.disabled = true; });
      call("POST", base, token, JSON.stringify({ filename: file.name, size: file.size }),
           "application/json")
        .then(function (upload) {
          return sendFrom(upload.id, file, 0, token, 0).then(function () {
            bar.value = 100;
            show(text.hashing);
            return call("POST", base + "/" + upload.id + "/seal", token);
          });
        })
        .then(function (sealed) {
          uploadInput.value = sealed.id;
          fileInput.value = "";
          form.submit();
        })
        .catch(function (error) {
          busy = false;
          buttons.forEach(function (b) { b.disabled = false; });
          show(text.failed + error.message, true);
        });
    });
  }

  document.querySelectorAll("form[data-chunked-upload]").forEach(setup);
})();
