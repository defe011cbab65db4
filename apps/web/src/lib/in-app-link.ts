import type { MouseEvent } from "react";

/**
 * The click handler of a plain `<a href>` that should navigate inside the app: a plain left click does
 * (`navigate(to)`, no reload); a modified or middle click is left to the browser (new tab, new window, download).
 * For long lists of links (the sidebar, a table's names), where react-router's `<Link>`/`<NavLink>` cost several
 * hooks each: one `useNavigate` for the whole list instead.
 */
export function inAppClick(navigate: (to: string) => void, to: string) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
}
