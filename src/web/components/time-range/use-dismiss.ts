import { useEffect, type RefObject } from 'react';

/**
 * Closes a popover on Escape or on a press outside `container`, the way menus do. Escape hands
 * focus back to `returnFocus` (the button that opened it) so keyboard users are not lost.
 */
export function useDismiss(
  open: boolean,
  close: () => void,
  container: RefObject<HTMLElement | null>,
  returnFocus?: RefObject<HTMLElement | null>,
): void {
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      close();
      returnFocus?.current?.focus();
    };
    const onPointerDown = (event: PointerEvent | MouseEvent) => {
      if (event.target instanceof Node && container.current?.contains(event.target)) return;
      close();
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('mousedown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('mousedown', onPointerDown);
    };
  }, [open, close, container, returnFocus]);
}
