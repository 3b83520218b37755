// The print page's button (no inline script: Content-Security-Policy).
document.getElementById("print-now").addEventListener("click", function () { window.print(); });
