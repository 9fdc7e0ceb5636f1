using static QualityDiversity.Web.Rendering.Html;

namespace QualityDiversity.Web.Dashboard;

/// <summary>
/// The live dashboard (read-only): the report's sections, replaced whenever the server sends a
/// new view over server-sent events (<c>api/events</c>). The fragments come from the server already
/// encoded; the script and style carry the response's CSP nonce.
/// </summary>
internal static class DashboardPage
{
    /// <summary>The page, titled <paramref name="title"/> (encoded here), with <paramref name="nonce"/> on its script and style.</summary>
    public static string Render(string title, string nonce) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Dashboard · {{Encode(title)}}</title>
        <style nonce="{{nonce}}">
        {{ViewHtml.Style}}
        </style>
        </head>
        <body>
        <h1>Dashboard · {{Encode(title)}}</h1>
        <p id="live" aria-live="polite">Connecting…</p>
        <main id="view"></main>
        <script nonce="{{nonce}}">
        (() => {
          "use strict";
          const live = document.getElementById("live");
          const view = document.getElementById("view");
          const events = new EventSource("api/events" + location.search);
          events.addEventListener("view", e => {
            const data = JSON.parse(e.data);
            for (const s of data.sections) {
              let el = document.getElementById("s-" + s.id);
              if (!el) {
                el = document.createElement("section"); el.id = "s-" + s.id;
                const h = document.createElement("h2"); h.textContent = s.heading;
                const body = document.createElement("div"); body.className = "body";
                el.append(h, body); view.append(el);
              }
              // The fragments are drawn and encoded by the server.
              el.querySelector(".body").innerHTML = s.html;
            }
            view.dataset.version = String(data.version);
            live.textContent = "Live: updated " + new Date().toLocaleTimeString() + ".";
          });
          events.onerror = () => { live.textContent = "Disconnected; reconnecting…"; };
        })();
        </script>
        </body>
        </html>
        """;
}
