type Child = Node | string | null | undefined | false;

/** A tiny element builder: enough for the panels, without a framework. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) node.setAttribute(name, '');
    else if (typeof value === 'string') node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export function button(
  text: string,
  accessibleName: string | undefined,
  onClick: () => void,
  variant?: 'primary' | 'danger',
): HTMLButtonElement {
  const node = el(
    'button',
    { type: 'button', class: variant ? `pp-${variant}` : undefined, 'aria-label': accessibleName },
    [text],
  );
  node.addEventListener('click', onClick);
  return node;
}

/** A labelled form control: the label's text is its accessible name. */
export function field(labelText: string, control: HTMLElement): HTMLLabelElement {
  return el('label', { class: 'pp-field' }, [el('span', {}, [labelText]), control]);
}

/** A form that submits in place: `onSubmit` runs instead of the browser's navigation. */
export function form(
  attributes: Record<string, string | boolean | undefined>,
  children: Child[],
  onSubmit: () => void,
): HTMLFormElement {
  const node = el('form', attributes, children);
  node.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit();
  });
  return node;
}
