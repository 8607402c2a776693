import type { AuditEvent } from '@itam/domain';
import { useCallback, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { trpc } from '../api/trpc.ts';
import { useToast } from '../components/Toasts.tsx';
import { announcementFor, type Names, type OpenView, TABLE_TOAST_INTERVAL_MS, viewOf } from './announce.ts';

/** Events arriving this close together are announced together. */
const BURST_MS = 300;

/**
 * Toasts for other people's changes to what is on screen (the rule is in `announce.ts`). Events
 * are gathered over a short burst and judged against the page open when the burst ends; on list
 * pages at most one toast every `TABLE_TOAST_INTERVAL_MS`, the rest waiting for the next one.
 * The toast region is a polite live region and takes no focus.
 */
export function useLiveToasts(meId: string): (event: AuditEvent) => void {
  const toast = useToast();
  const utils = trpc.useUtils();
  const { pathname } = useLocation();
  const path = useRef(pathname);
  const queue = useRef<AuditEvent[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const lastTableToast = useRef(0);

  useEffect(() => {
    path.current = pathname;
  }, [pathname]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const namesFor = useCallback(
    (view: OpenView): Names => {
      if (view.kind !== 'license') return {};
      const name = utils.licenses.get.getData({ id: view.id })?.license.name;
      return name ? { licenseNames: new Map([[view.id, name]]) } : {};
    },
    [utils],
  );

  const flush = useCallback(() => {
    timer.current = undefined;
    const view = viewOf(path.current);
    if (view.kind === 'table') {
      const wait = lastTableToast.current + TABLE_TOAST_INTERVAL_MS - Date.now();
      if (wait > 0) {
        timer.current = window.setTimeout(flush, wait);
        return;
      }
    }
    const events = queue.current;
    queue.current = [];
    const message = announcementFor(events, view, meId, namesFor(view));
    if (!message) return;
    if (view.kind === 'table') lastTableToast.current = Date.now();
    toast(message, 'live');
  }, [meId, namesFor, toast]);

  return useCallback(
    (event: AuditEvent) => {
      queue.current.push(event);
      if (timer.current === undefined) timer.current = window.setTimeout(flush, BURST_MS);
    },
    [flush],
  );
}
