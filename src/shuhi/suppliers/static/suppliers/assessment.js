// Shows a conditional question only while the question it depends on has one of the listed
// answers. The server ignores hidden questions anyway; without JavaScript all are shown with a note.
document.addEventListener("DOMContentLoaded", () => {
  const dependants = Array.from(document.querySelectorAll("[data-show-if]"));
  if (!dependants.length) return;
  const inputs = (id) => Array.from(document.querySelectorAll(`[name="q-${id}"]`));
  const chosen = (id) =>
    inputs(id)
      .filter((el) => (el.type === "radio" || el.type === "checkbox" ? el.checked : el.value))
      .map((el) => el.value);
  const refresh = () => {
    dependants.forEach((block) => {
      // Read-only pages have no inputs: the server already left out what does not apply.
      if (!inputs(block.dataset.showIf).length) return;
      const wanted = block.dataset.showIfAnswers.split(" ");
      const target = document.getElementById(`q-${block.dataset.showIf}`);
      const visible = (!target || !target.hidden) && chosen(block.dataset.showIf).some((v) => wanted.includes(v));
      block.hidden = !visible;
    });
  };
  document.addEventListener("change", refresh);
  refresh();
});
