namespace QualityDiversity.Web.Hosting;

/// <summary>
/// The judging page: the reference and two candidates, answered with a / b (or s to skip) on the
/// keyboard or by the buttons, the rater's name kept in the browser, and progress toward the next
/// refit. No external assets; the script and style carry the response's CSP nonce, and fragments
/// put into the page come from the server already encoded.
/// </summary>
internal static class JudgingPage
{
    /// <summary>The page, titled <paramref name="title"/> (encoded here), with <paramref name="nonce"/> on its script and style.</summary>
    public static string Render(string title, string nonce) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Judging · {{Rendering.Html.Encode(title)}}</title>
        <style nonce="{{nonce}}">
        body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 60rem; color: #222; }
        header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
        h1 { font-size: 1.3rem; margin: 0; }
        #progress { color: #555; }
        .row { display: flex; gap: 1.5rem; justify-content: center; flex-wrap: wrap; margin-top: 1rem; }
        figure { margin: 0; padding: .6rem; border: 2px solid #ccc; border-radius: .5rem; text-align: center; }
        figure.reference { border-color: #888; background: #f6f6f6; }
        figcaption { font-weight: 600; margin-bottom: .3rem; }
        .text { max-width: 16rem; text-align: left; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
        .answers { display: flex; gap: 1rem; justify-content: center; margin-top: 1rem; }
        button { font-size: 1rem; padding: .4rem 1rem; }
        kbd { border: 1px solid #aaa; border-radius: .2rem; padding: 0 .3rem; background: #fafafa; }
        #message { text-align: center; margin-top: 1rem; color: #555; }
        #message.error { color: #b00; }
        </style>
        </head>
        <body>
        <header>
          <h1>Which candidate is more like the reference?</h1>
          <form id="who"><label>Your name <input id="rater" maxlength="64" autocomplete="nickname" required></label> <button type="submit">Start</button></form>
        </header>
        <p id="progress" aria-live="polite"></p>
        <section id="triplet" hidden data-id="">
          <div class="row"><figure class="reference"><figcaption>Reference</figcaption><div id="reference"></div></figure></div>
          <div class="row">
            <figure><figcaption>A</figcaption><div id="a"></div></figure>
            <figure><figcaption>B</figcaption><div id="b"></div></figure>
          </div>
          <div class="answers">
            <button type="button" data-answer="a"><kbd>a</kbd> A is more like it</button>
            <button type="button" data-answer="s"><kbd>s</kbd> skip</button>
            <button type="button" data-answer="b"><kbd>b</kbd> B is more like it</button>
          </div>
        </section>
        <p id="message"></p>
        <script nonce="{{nonce}}">
        (() => {
          "use strict";
          const token = new URLSearchParams(location.search).get("token") || "";
          const auth = token ? { "X-QD-Token": token } : {};
          const nameBox = document.getElementById("rater");
          const box = document.getElementById("triplet");
          const message = document.getElementById("message");
          let current = null, busy = false, timer = 0;
          nameBox.value = localStorage.getItem("qd-rater") || "";
          const rater = () => nameBox.value.trim();
          function say(text, error) { message.textContent = text; message.className = error ? "error" : ""; }
          function showProgress(p, state) {
            const el = document.getElementById("progress");
            if (state === "waiting") el.textContent = "Waiting for " + p.waiting + " judgments before the next refit (" + p.answered + " answered so far).";
            else if (state === "running") el.textContent = "The search is running; new questions come at its next measure update (" + p.answered + " answered so far).";
            else if (state === "ended") el.textContent = "The run has ended (" + p.answered + " answered). Thank you!";
            else el.textContent = "This run asks no questions.";
          }
          async function load() {
            clearTimeout(timer);
            if (!rater()) { box.hidden = true; say("Enter your name to start."); return; }
            let response;
            try { response = await fetch("api/next?rater=" + encodeURIComponent(rater()), { headers: auth }); }
            catch (e) { say("The server cannot be reached; retrying.", true); timer = setTimeout(load, 2000); return; }
            if (!response.ok) { say("The server refused the request (" + response.status + ").", true); return; }
            const data = await response.json();
            showProgress(data.progress, data.state);
            const t = data.triplet;
            if (!t) {
              current = null; box.hidden = true; box.dataset.id = "";
              say(data.state === "ended" || data.state === "none" ? "" : "No question is waiting right now.");
              if (data.state === "waiting" || data.state === "running") timer = setTimeout(load, 1000);
              return;
            }
            // The fragments are drawn and encoded by the server.
            document.getElementById("reference").innerHTML = t.reference;
            document.getElementById("a").innerHTML = t.a;
            document.getElementById("b").innerHTML = t.b;
            current = t.id; box.dataset.id = String(t.id); box.hidden = false; say("");
          }
          async function answer(choice) {
            if (current === null || busy) return;
            busy = true;
            try {
              const response = await fetch("api/answers", {
                method: "POST",
                headers: Object.assign({ "Content-Type": "application/json" }, auth),
                body: JSON.stringify({ id: current, answer: choice, rater: rater() }),
              });
              if (response.status === 429) { say("Too many answers at once: wait a moment, then answer again.", true); return; }
              if (!response.ok && response.status !== 409) { say("The answer was refused (" + response.status + ").", true); return; }
            } catch (e) { say("The answer could not be sent; try again.", true); return; }
            finally { busy = false; }
            await load();
          }
          document.getElementById("who").addEventListener("submit", e => {
            e.preventDefault();
            localStorage.setItem("qd-rater", rater());
            nameBox.blur();
            load();
          });
          for (const button of document.querySelectorAll("button[data-answer]"))
            button.addEventListener("click", () => answer(button.dataset.answer));
          document.addEventListener("keydown", e => {
            if (e.target === nameBox || e.ctrlKey || e.metaKey || e.altKey) return;
            const key = e.key.toLowerCase();
            if (key === "a" || key === "b" || key === "s") { e.preventDefault(); answer(key); }
          });
          load();
        })();
        </script>
        </body>
        </html>
        """;
}
