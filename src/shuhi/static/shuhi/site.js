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
});

// The print button of the backup-codes page (inline scripts are not allowed by the CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
