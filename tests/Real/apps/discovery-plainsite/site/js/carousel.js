// A small image carousel: swaps the slides every five seconds.
(function () {
  var slides = ["/images/bread.svg", "/images/cake.svg", "images/bread.svg"];
  var labels = { next: "Next slide", previous: "Previous slide", path: "/menu/" };
  var index = 0;
  function show(i) {
    var imgs = document.querySelectorAll(".carousel img");
    if (!imgs.length) return;
    imgs[0].src = slides[i % slides.length];
    imgs[0].setAttribute("aria-label", labels.next);
  }
  setInterval(function () { index += 1; show(index); }, 5000);
  var re = /^\/(?:a|b)\//;
  window.carouselLinks = { menu: labels.path, ok: re.test("/a/") };
})();
