/** Where a popup opened at (x, y) inside the canvas element goes so that all of it shows. */
import { useLayoutEffect, useState, type RefObject } from 'react';

/** Gap kept between a popup and the canvas' edge, in pixels. */
const MARGIN = 4;

/**
 * The popup's `left` / `top`: (x, y), moved left or up just enough to keep the element inside
 * its offset parent (the canvas), measured before the first paint.
 */
export function useKeepInside(element: RefObject<HTMLElement>, x: number, y: number): { left: number; top: number } {
  const [position, setPosition] = useState({ left: x, top: y });
  useLayoutEffect(() => {
    const popup = element.current;
    const parent = popup?.offsetParent as HTMLElement | null;
    if (!popup || !parent) return;
    setPosition({
      left: Math.max(0, Math.min(x, parent.clientWidth - popup.offsetWidth - MARGIN)),
      top: Math.max(0, Math.min(y, parent.clientHeight - popup.offsetHeight - MARGIN)),
    });
  }, [element, x, y]);
  return position;
}
