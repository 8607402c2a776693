import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A search box's text, typed into locally; it reaches the URL (`commit`) once typing pauses, and
 * follows the URL when that changes from outside (back/forward, "Clear filters").
 */
export function useSearchBox(
  q: string,
  commit: (q: string) => void,
): [text: string, setText: (text: string) => void] {
  const [text, setText] = useState(q);
  const settled = useDebounced(text, 300);
  useEffect(() => {
    if (settled.trim() !== q.trim()) commit(settled);
    // Only a settled change of the box writes the URL; `q` and `commit` are read here, not watched.
  }, [settled]);
  useEffect(() => {
    setText((current) => (current.trim() === q.trim() ? current : q));
  }, [q]);
  return [text, setText];
}

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · ITAM` : 'ITAM';
  }, [title]);
}

/**
 * State kept in the URL's query string (bookmarkable, back/forward). Controls read a local copy
 * that changes at once, because the router applies URL changes in a transition; the copy follows
 * the URL when it changes from outside (back/forward, links).
 */
export function useSearchState<T>(
  parse: (params: URLSearchParams) => T,
  write: (value: T) => URLSearchParams,
): [T, (next: T) => void] {
  const [params, setParams] = useSearchParams();
  const urlKey = write(parse(params)).toString();
  const [value, setValue] = useState(() => parse(params));
  const written = useRef(urlKey);
  useEffect(() => {
    if (urlKey === written.current) return;
    written.current = urlKey;
    setValue(parse(new URLSearchParams(urlKey)));
    // `parse` is a pure function of the URL: the key is what changes.
  }, [urlKey]);
  const set = useCallback(
    (next: T) => {
      setValue(next);
      const search = write(next);
      written.current = search.toString();
      setParams(search, { replace: true });
    },
    [setParams, write],
  );
  return [value, set];
}

/**
 * Closes something that hangs over the page (a menu, a picker) when the pointer goes down or the
 * focus moves outside `container`, so it never stays open behind what the person does next.
 */
export function useDismissOutside(
  container: RefObject<HTMLElement | null>,
  open: boolean,
  close: () => void,
) {
  const latestClose = useRef(close);
  latestClose.current = close;
  useEffect(() => {
    if (!open) return;
    const onOutside = (event: Event) => {
      if (!container.current?.contains(event.target as Node)) latestClose.current();
    };
    document.addEventListener('pointerdown', onOutside);
    document.addEventListener('focusin', onOutside);
    return () => {
      document.removeEventListener('pointerdown', onOutside);
      document.removeEventListener('focusin', onOutside);
    };
  }, [container, open]);
}
