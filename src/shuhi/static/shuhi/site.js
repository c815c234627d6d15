// Marks fields with errors for assistive technology and moves focus to the first one, so a
// keyboard user lands where the form needs fixing. Kept tiny: pages work without it.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".field.has-error").forEach((field) => {
    const input = field.querySelector("input, select, textarea");
    const error = field.querySelector(".field-error");
    if (input) {
      input.setAttribute("aria-invalid", "true");
      if (error) input.setAttribute("aria-describedby", error.id);
    }
  });
  const first = document.querySelector(".field.has-error input, .field.has-error select, .field.has-error textarea");
  if (first) first.focus();
  document.querySelectorAll("[data-autofocus]").forEach((el) => el.focus());
  setUpMenuToggle();
});

// The print button of the backup-codes page (inline scripts are not allowed by the CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// On a phone the main menu folds behind a "Menu" button (CSS decides when, by width). Without this
// script the button stays hidden and the menu wraps onto several lines instead, so nothing is lost.
function setUpMenuToggle() {
  const toggle = document.querySelector(".nav-toggle");
  const header = document.querySelector(".topbar");
  if (!toggle || !header) return;
  header.classList.add("js-nav");
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    header.classList.toggle("nav-open", open);
  });
}
