// What tests/page_checks.py measures in a rendered page: geometry, computed styles, images.
// One object of functions, each returning plain JSON; the judging happens in Python.
({
  // An element or text in words for a failure message: tag#id.class "first words".
  _describe(node) {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    if (element.classList.length) name += "." + [...element.classList].join(".");
    const text = (node.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return text ? `${name} "${text}"` : name;
  },

  // Shown to a sighted reader: rendered, not visibility:hidden, and not shrunk to the 1 px of
  // a "visually hidden" label (text meant for screen readers only).
  _seen(element) {
    if (!element.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true })) return false;
    for (let e = element; e && e !== document.body; e = e.parentElement) {
      const box = e.getBoundingClientRect();
      if (box.width <= 1 && box.height <= 1) return false;
    }
    return true;
  },

  // Every piece of text a sighted reader gets, with its box (document coordinates).
  _texts() {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!node.textContent.trim() || !element || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(element.tagName)) continue;
      if (!this._seen(element)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      found.push({ node, element, box });
    }
    return found;
  },

  // Any CSS colour as [r, g, b, a] (0-255, alpha 0-1), whatever notation the page used.
  _rgba(colour) {
    this._canvas ??= new OffscreenCanvas(1, 1).getContext("2d", { willReadFrequently: true });
    const context = this._canvas;
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = colour;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  },

  _clipsX(style) {
    return style.overflowX !== "visible";
  },

  overflow() {
    const root = document.documentElement;
    const viewport = root.clientWidth;
    const beyond = [];
    for (const element of document.body.querySelectorAll("*")) {
      if (!element.checkVisibility()) continue;
      const right = element.getBoundingClientRect().right + window.scrollX;
      if (right <= viewport + 0.5) continue;
      // Inside a box that scrolls or clips sideways, it does not push the page wider.
      let contained = false;
      for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
        if (this._clipsX(getComputedStyle(e))) contained = true;
      }
      if (!contained) beyond.push({ what: this._describe(element), right: Math.round(right) });
    }
    return { viewport, scrollWidth: root.scrollWidth, beyond };
  },

  clipped() {
    const cut = [];
    const texts = this._texts();
    for (const element of document.body.querySelectorAll("*")) {
      // A box that scrolls (auto, scroll) lets the reader reach the rest; hidden and clip do not.
      const style = getComputedStyle(element);
      const cuts = (overflow) => overflow === "hidden" || overflow === "clip";
      if (!cuts(style.overflowX) && !cuts(style.overflowY)) continue;
      if (!this._seen(element) || !texts.some((t) => element.contains(t.node))) continue;
      const wide = cuts(style.overflowX) ? element.scrollWidth - element.clientWidth : 0;
      const tall = cuts(style.overflowY) ? element.scrollHeight - element.clientHeight : 0;
      if (wide > 1 || tall > 1) {
        cut.push({ what: this._describe(element), hidden: `${wide > 1 ? wide : 0}x${tall > 1 ? tall : 0}` });
      }
    }
    // Text placed left of or above the page cannot be scrolled to.
    for (const { node, box } of texts) {
      const left = box.left + window.scrollX;
      const top = box.top + window.scrollY;
      if (left < -0.5 || top < -0.5) cut.push({ what: this._describe(node), hidden: `at ${Math.round(left)},${Math.round(top)}` });
    }
    return cut;
  },

  // Lazy images below the first screen are scrolled to and waited for (5 s at most), as a reader would.
  async images() {
    const images = [...document.images];
    for (const image of images.filter((i) => !i.complete)) {
      image.scrollIntoView();
      await new Promise((done) => {
        image.addEventListener("load", done, { once: true });
        image.addEventListener("error", done, { once: true });
        setTimeout(done, 5000);
      });
    }
    window.scrollTo(0, 0);
    return images.map((image) => ({
      src: image.getAttribute("src"),
      loaded: image.complete && image.naturalWidth > 0,
      alt: image.getAttribute("alt"),
      role: image.getAttribute("role"),
    }));
  },

  fonts() {
    const inSmallPrint = (element) => element.closest("small, sub, sup, figcaption, footer");
    const texts = this._texts().map(({ node, element }) => {
      const block = [...ancestors(element)].find((e) => !getComputedStyle(e).display.startsWith("inline"));
      return {
        what: this._describe(node),
        size: parseFloat(getComputedStyle(element).fontSize),
        body: !!block && block.matches("p, li, dd, blockquote, address") && !inSmallPrint(element),
      };
    });
    function* ancestors(element) {
      for (let e = element; e; e = e.parentElement) yield e;
    }
    return {
      layoutWidth: document.documentElement.clientWidth,
      bodySize: parseFloat(getComputedStyle(document.body).fontSize),
      texts,
    };
  },

  // For each text: its colour and, from its element up, the background colours until an opaque one.
  colours() {
    return this._texts().map(({ node, element }) => {
      let opacity = 1;
      const backgrounds = [];
      let overImage = false;
      for (let e = element; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        opacity *= parseFloat(style.opacity);
        if (style.backgroundImage !== "none") overImage = true;
        const background = this._rgba(style.backgroundColor);
        if (background[3] > 0) backgrounds.push(background);
        if (background[3] >= 1) break;
      }
      const colour = this._rgba(getComputedStyle(element).color);
      colour[3] *= opacity;
      return { what: this._describe(node), colour, backgrounds, overImage };
    });
  },

  language() {
    return document.documentElement.getAttribute("lang");
  },
})
