type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | null>;

/** A tiny element builder: h('p', { class: 'x' }, 'text', child). Text is always set as text, never HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

export function setText(root: ParentNode, selector: string, text: string): void {
  const element = root.querySelector(selector);
  if (element && element.textContent !== text) element.textContent = text;
}

/** Says something to screen readers once (the page has one polite live region). */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (region) region.textContent = message;
}
