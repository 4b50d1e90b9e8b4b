import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react';

/**
 * Closes a popover on Escape or on a press outside `container`, the way menus do. Escape hands
 * focus back to `returnFocus` (the button that opened it) so keyboard users are not lost.
 */
function useDismiss(
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

/**
 * A button that opens a popover: whether it is open, an id for aria-controls, refs for the
 * popover's container and its button, and the dismissal above.
 */
export function usePopover() {
  const [open, setOpen] = useState(false);
  const id = useId();
  const container = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, container, trigger);
  return { open, setOpen, close, id, container, trigger };
}
