/* sphinx-blogposts: comments, loaded when the reader comes near them.
 *
 * The page holds a .blogposts-comments-thread element with the provider's
 * script address and settings in data- attributes (see comments.html).  When
 * the element nears the viewport, the provider's script is added with those
 * settings; until then nothing is fetched from the provider.  giscus and
 * utterances follow the page's light or dark mode: furo's
 * (body[data-theme]) or the PyData themes' (html[data-theme]), else the
 * reader's system setting.
 */
(function () {
  "use strict";
  var ORIGINS = { giscus: "https://giscus.app", utterances: "https://utteranc.es" };
  var NAME = /^[a-z][a-z0-9-]*$/;

  function dark() {
    var mode = (document.body && document.body.dataset.theme) || document.documentElement.dataset.theme;
    if (mode === "dark") return true;
    if (mode === "light") return false;
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  function themeOf(thread) {
    var themes = (thread.dataset.blogpostsThemes || "").split(" ");
    return themes.length === 2 ? themes[dark() ? 1 : 0] : null;
  }

  function tell(thread) {
    var provider = thread.dataset.blogpostsProvider;
    var frame = thread.querySelector("iframe");
    var theme = themeOf(thread);
    if (!frame || !frame.contentWindow || !theme || !ORIGINS[provider]) return;
    var message = provider === "giscus"
      ? { giscus: { setConfig: { theme: theme } } }
      : { type: "set-theme", theme: theme };
    frame.contentWindow.postMessage(message, ORIGINS[provider]);
  }

  function load(thread) {
    if (thread.dataset.blogpostsLoaded) return;
    thread.dataset.blogpostsLoaded = "1";
    var provider = thread.dataset.blogpostsProvider;
    var prefix = thread.dataset.blogpostsPrefix || "";
    var settings = {};
    try {
      settings = JSON.parse(thread.dataset.blogpostsSettings || "{}");
    } catch (error) {
      return;
    }
    var script = document.createElement("script");
    if (provider === "disqus") {
      window.disqus_config = function () {
        this.page.url = settings.url;
        this.page.identifier = settings.identifier;
      };
    } else {
      Object.keys(settings).forEach(function (name) {
        if (NAME.test(name) && typeof settings[name] === "string") {
          script.setAttribute(prefix + name, settings[name]);
        }
      });
      var theme = themeOf(thread);
      if (theme) script.setAttribute(prefix + "theme", theme);
      script.crossOrigin = "anonymous";
    }
    script.src = thread.dataset.blogpostsScript;
    script.async = true;
    thread.appendChild(script);
    if (thread.dataset.blogpostsThemes) {
      var again = function () { tell(thread); };
      var watch = new MutationObserver(again);
      watch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
      if (document.body) watch.observe(document.body, { attributes: true, attributeFilter: ["data-theme"] });
      if (window.matchMedia) {
        var query = window.matchMedia("(prefers-color-scheme: dark)");
        if (query.addEventListener) query.addEventListener("change", again);
      }
    }
  }

  function start() {
    var threads = document.querySelectorAll(".blogposts-comments-thread[data-blogposts-provider]");
    if (!("IntersectionObserver" in window)) {
      threads.forEach(load);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          load(entry.target);
        }
      });
    }, { rootMargin: "200px 0px" });
    threads.forEach(function (thread) { observer.observe(thread); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
