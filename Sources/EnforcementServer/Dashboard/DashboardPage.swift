import Foundation

/// The wall screen's page, script and style, served by the server itself (no CDN, no inline
/// script): figures from `/api/screen`, then pushed by `/api/events`; charts are hand-made SVG.
enum DashboardPage {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A short page: a login result or a refusal; `refresh` moves on to that path at once.
    static func message(title: String, text: String, refresh: String? = nil) -> String {
        """
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(title)) · 执行指挥中心</title>
        \(refresh.map { "<meta http-equiv=\"refresh\" content=\"0;url=\(escape($0))\">" } ?? "")
        <link rel="stylesheet" href="/app.css"></head>
        <body class="message"><main><h1>\(escape(title))</h1><p id="message">\(escape(text))</p></main></body></html>
        """
    }

    static let html = """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>执行指挥中心大屏</title>
        <link rel="stylesheet" href="/app.css">
        <script src="/app.js" defer></script>
        </head>
        <body>
        <header>
          <h1><span id="scope-name">执行指挥中心</span> · 执行指挥大屏</h1>
          <div class="meta"><span id="as-of"></span> <span id="status" class="status">连接中</span></div>
        </header>
        <main class="wall">
          <section class="column">
            <h2>收 · 结 · 存</h2>
            <table class="totals">
              <thead><tr><th></th><th>新收</th><th>已结</th><th>未结</th><th>结案率</th></tr></thead>
              <tbody id="totals"></tbody>
            </table>
            <h2>今日案款</h2>
            <div class="money"><div><span class="label">到账</span><span id="money-in" class="figure">0</span><span class="unit">元</span></div>
              <div><span class="label">发放</span><span id="money-out" class="figure">0</span><span class="unit">元</span></div></div>
            <h2>未结案件账龄（月） <span class="small">超期 <span id="overdue">0</span> 件</span></h2>
            <div id="ages" class="bars"></div>
          </section>
          <section class="column wide">
            <h2>各法院 <span class="small">未结 / 超期 / 红色预警</span></h2>
            <div id="tiles" class="tiles"></div>
            <div id="detail" class="detail" hidden>
              <div class="detail-head"><h2 id="detail-title"></h2><button id="detail-close" type="button">关闭</button></div>
              <div id="detail-body"></div>
            </div>
          </section>
          <section class="column">
            <h2>近30日 新收 / 已结</h2>
            <svg id="trend" viewBox="0 0 300 120" preserveAspectRatio="none" role="img" aria-label="近30日趋势"></svg>
            <div class="legend"><span class="filed">■ 新收</span> <span class="closed">■ 已结</span></div>
            <h2>实时动态</h2>
            <ol id="ticker" class="ticker"></ol>
          </section>
        </main>
        </body>
        </html>
        """

    static let script = #"""
        "use strict";
        // Set once: a test checks that figures change without the page loading again.
        window.__pageLoadedAt = Date.now();
        const periods = { today: "今日", month: "本月", year: "本年" };
        const states = { green: "正常", yellow: "关注", red: "预警" };
        let screen = null;
        let detailCourt = null;

        function el(tag, attributes, ...children) {
          const node = document.createElement(tag);
          for (const [key, value] of Object.entries(attributes || {})) {
            if (key === "class") node.className = value; else node.setAttribute(key, value);
          }
          for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
          return node;
        }
        const count = (n) => Number(n).toLocaleString("zh-CN");
        const yuan = (fen) => (Number(fen) / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        const rate = (permille) => (Number(permille) / 10).toFixed(1) + "%";

        async function getJSON(path) {
          const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
          if (response.status === 401) { window.location.assign("/"); throw new Error("no session"); }
          const body = await response.json();
          if (!response.ok) throw new Error(body.error || response.statusText);
          return body;
        }

        function totalsRows(totals) {
          return totals.map((t) => el("tr", { id: "total-" + t.period },
            el("th", {}, periods[t.period] || t.period),
            el("td", { class: "filed", id: "total-" + t.period + "-filed" }, count(t.filed)),
            el("td", { class: "closed", id: "total-" + t.period + "-closed" }, count(t.closed)),
            el("td", { id: "total-" + t.period + "-pending" }, count(t.pending)),
            el("td", {}, rate(t.closingRatePermille))));
        }

        function renderScreen(s) {
          screen = s;
          document.getElementById("scope-name").textContent = s.scopeName;
          document.getElementById("as-of").textContent = s.asOf;
          document.getElementById("totals").replaceChildren(...totalsRows(s.totals));
          const today = s.totals.find((t) => t.period === "today") || { moneyReceived: 0, moneyPaid: 0 };
          document.getElementById("money-in").textContent = yuan(today.moneyReceived);
          document.getElementById("money-out").textContent = yuan(today.moneyPaid);
          document.getElementById("overdue").textContent = count(s.overdue);
          const most = Math.max(1, ...s.ages.map((a) => a.count));
          document.getElementById("ages").replaceChildren(...s.ages.map((a) => {
            // Set through the CSSOM: the policy allows no inline style attribute.
            const fill = el("span", { class: "fill" });
            fill.style.width = (100 * a.count / most).toFixed(1) + "%";
            return el("div", { class: "bar" }, el("span", { class: "label" }, a.bucket), el("span", { class: "track" }, fill),
              el("span", { class: "value" }, count(a.count)));
          }));
          document.getElementById("tiles").replaceChildren(...s.courts.map((c) => {
            const tile = el("button", { class: "tile " + c.state, type: "button", "data-court": c.court, title: states[c.state] },
              el("span", { class: "name" }, c.name),
              el("span", { class: "numbers" },
                el("span", { class: "pending" }, count(c.pending)), " / ",
                el("span", { class: "overdue" }, count(c.overdue)), " / ",
                el("span", { class: "red" }, count(c.redAlerts))));
            tile.addEventListener("click", () => openCourt(c.court, c.name));
            return tile;
          }));
          drawTrend(s.trend);
          if (detailCourt && s.scope === "city") refreshCourt();
        }

        function drawTrend(days) {
          const svg = document.getElementById("trend");
          const ns = "http://www.w3.org/2000/svg";
          const most = Math.max(1, ...days.map((d) => Math.max(d.filed, d.closed)));
          const x = (i) => days.length < 2 ? 150 : (i * 300) / (days.length - 1);
          const y = (v) => 115 - (105 * v) / most;
          const line = (key, cls) => {
            const path = document.createElementNS(ns, "polyline");
            path.setAttribute("points", days.map((d, i) => x(i).toFixed(1) + "," + y(d[key]).toFixed(1)).join(" "));
            path.setAttribute("class", cls);
            return path;
          };
          svg.replaceChildren(line("filed", "filed"), line("closed", "closed"));
        }

        function renderTicker(items) {
          const list = document.getElementById("ticker");
          for (const item of items) {
            const time = new Date(item.at).toLocaleTimeString("zh-CN", { hour12: false });
            const row = el("li", { "data-sequence": item.sequence },
              el("time", {}, time), el("span", { class: "what" }, item.label),
              el("span", { class: "case" }, item.caseNumber || ""), el("span", { class: "who" }, item.actor || ""));
            if (item.caseNumber) row.addEventListener("click", () => openCase(item.caseNumber));
            list.prepend(row);
          }
          while (list.children.length > 60) list.lastElementChild.remove();
        }

        function showDetail(title, ...content) {
          document.getElementById("detail-title").textContent = title;
          document.getElementById("detail-body").replaceChildren(...content);
          document.getElementById("detail").hidden = false;
        }

        async function openCourt(code, name) {
          detailCourt = { code, name };
          await refreshCourt();
        }

        async function refreshCourt() {
          const { code, name } = detailCourt;
          try {
            const [figures, overdue] = await Promise.all([
              getJSON("/api/screen?court=" + encodeURIComponent(code)),
              getJSON("/api/courts/" + encodeURIComponent(code) + "/overdue"),
            ]);
            const table = el("table", { class: "totals" },
              el("thead", {}, el("tr", {}, el("th"), el("th", {}, "新收"), el("th", {}, "已结"), el("th", {}, "未结"), el("th", {}, "结案率"))),
              el("tbody", {}, ...totalsRows(figures.totals)));
            const cases = el("ul", { class: "cases" }, ...overdue.map((number) => {
              const item = el("li", {}, number);
              item.addEventListener("click", () => openCase(number));
              return item;
            }));
            showDetail(name, table, el("h3", {}, "超期未结案件"), overdue.length ? cases : el("p", {}, "无"));
          } catch (error) {
            showDetail(name, el("p", {}, String(error.message)));
          }
        }

        async function openCase(number) {
          detailCourt = null;
          try {
            const c = await getJSON("/api/cases/" + encodeURIComponent(number));
            showDetail(c.number,
              el("p", {}, "承办人：" + (c.handlingJudge || "未指定") + "　立案：" + c.filedOn + "　期限：" + (c.dueOn || "—") + (c.overdue ? "　已超期" : "")),
              el("ol", { class: "timeline" }, ...c.nodes.map((n) => el("li", { class: n.late ? "late" : "" }, el("time", {}, n.on), n.name + (n.late ? "（逾期）" : "")))));
          } catch (error) {
            showDetail(number, el("p", {}, String(error.message)));
          }
        }

        document.getElementById("detail-close").addEventListener("click", () => {
          detailCourt = null;
          document.getElementById("detail").hidden = true;
        });

        const status = document.getElementById("status");
        getJSON("/api/screen").then(renderScreen).catch(() => {});
        const events = new EventSource("/api/events");
        events.addEventListener("open", () => { status.textContent = "实时"; status.className = "status live"; });
        events.addEventListener("error", () => { status.textContent = "重连中"; status.className = "status lost"; });
        events.addEventListener("screen", (event) => renderScreen(JSON.parse(event.data)));
        events.addEventListener("ticker", (event) => renderTicker(JSON.parse(event.data)));
        """#

    static let style = """
        :root { color-scheme: dark; --bg: #07162b; --panel: #0d2342; --line: #1f3d66; --text: #e8f0fb; --dim: #8fa7c7;
                --green: #1f9d55; --yellow: #d69e2e; --red: #e53e3e; --filed: #4fd1c5; --closed: #f6ad55; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--text); font: 16px/1.4 "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; }
        header { display: flex; justify-content: space-between; align-items: baseline; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); }
        h1 { margin: 0; font-size: 1.6rem; letter-spacing: .1em; }
        h2 { font-size: 1rem; color: var(--dim); margin: .8rem 0 .4rem; font-weight: normal; }
        .small { font-size: .85rem; }
        .status { padding: .1rem .5rem; border-radius: .3rem; background: var(--line); }
        .status.live { background: var(--green); }
        .status.lost { background: var(--red); }
        .wall { display: grid; grid-template-columns: 1fr 2.2fr 1.3fr; gap: 1rem; padding: 1rem; min-height: calc(100vh - 4rem); }
        .column { background: var(--panel); border: 1px solid var(--line); border-radius: .5rem; padding: .4rem 1rem 1rem; position: relative; min-width: 0; }
        table.totals { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
        .totals th, .totals td { padding: .3rem .4rem; text-align: right; border-bottom: 1px solid var(--line); }
        .totals th:first-child { text-align: left; color: var(--dim); }
        .totals td { font-size: 1.5rem; }
        .totals td.filed { color: var(--filed); } .totals td.closed { color: var(--closed); }
        .money { display: flex; gap: 1.5rem; }
        .money .figure { font-size: 1.8rem; margin: 0 .3rem; font-variant-numeric: tabular-nums; }
        .label, .unit { color: var(--dim); }
        .bars .bar { display: grid; grid-template-columns: 3.5rem 1fr 4rem; align-items: center; gap: .4rem; margin: .25rem 0; }
        .bars .track { background: var(--line); height: .8rem; border-radius: .4rem; overflow: hidden; }
        .bars .fill { display: block; height: 100%; background: var(--filed); }
        .bars .value { text-align: right; font-variant-numeric: tabular-nums; }
        .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: .5rem; }
        .tile { text-align: left; color: var(--text); border: 0; border-left: .4rem solid var(--green); background: #12305a; border-radius: .3rem;
                padding: .45rem .6rem; cursor: pointer; font: inherit; }
        .tile.yellow { border-left-color: var(--yellow); } .tile.red { border-left-color: var(--red); background: #3a1b2a; }
        .tile .name { display: block; font-size: .9rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .tile .numbers { font-size: 1.25rem; font-variant-numeric: tabular-nums; }
        .tile .overdue { color: var(--yellow); } .tile .red { color: #fc8181; }
        .detail { position: absolute; inset: 2.5rem 1rem 1rem; background: #0a1c37; border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem; overflow: auto; }
        .detail-head { display: flex; justify-content: space-between; align-items: center; }
        .detail button { font: inherit; color: var(--text); background: var(--line); border: 0; border-radius: .3rem; padding: .2rem .8rem; cursor: pointer; }
        .cases li, .ticker li { cursor: pointer; }
        .timeline li.late { color: #fc8181; }
        .timeline time, .ticker time { color: var(--dim); margin-right: .6rem; font-variant-numeric: tabular-nums; }
        #trend { width: 100%; height: 9rem; background: #0a1c37; border-radius: .3rem; }
        #trend polyline { fill: none; stroke-width: 2; vector-effect: non-scaling-stroke; }
        #trend polyline.filed { stroke: var(--filed); } #trend polyline.closed { stroke: var(--closed); }
        .legend .filed { color: var(--filed); } .legend .closed { color: var(--closed); }
        .ticker { list-style: none; margin: 0; padding: 0; max-height: 55vh; overflow: hidden; }
        .ticker li { display: grid; grid-template-columns: 4.5rem 7.5rem 1fr; gap: .3rem; padding: .25rem 0; border-bottom: 1px solid var(--line); font-size: .9rem; }
        .ticker .what { color: var(--filed); } .ticker .who { grid-column: 2 / 4; color: var(--dim); font-size: .8rem; }
        body.message main { max-width: 36rem; margin: 15vh auto; padding: 2rem; background: var(--panel); border-radius: .5rem; }
        @media (max-width: 1100px) { .wall { grid-template-columns: 1fr; } .detail { position: static; margin-top: 1rem; } }
        """
}
