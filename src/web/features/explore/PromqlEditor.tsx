import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { promqlLengthProblem } from '../../../shared/promql-limits.ts';
import { prometheusProxyUrl } from '../../api/prometheus.ts';
import { EDITOR_PALETTES, type EditorPalette } from '../../theme/palette.ts';

export interface PromqlEditorProps {
  value: string;
  onChange(value: string): void;
  /** Enter (without Shift) runs the query, as in Prometheus's own UI. */
  onRun(): void;
  /** Accessible name; an aria-labelledby id cannot reach into the editor's shadow root. */
  label: string;
  /** An edit was refused (the text would pass the shared PromQL limit): why, or null once an edit is taken again. */
  onRefused(problem: string | null): void;
}

/** Highlighting in the theme's colours (palette.ts: each at least 4.5:1 on the editor's background). */
function highlightFor(c: EditorPalette) {
  return HighlightStyle.define([
    { tag: [tags.keyword, tags.modifier, tags.operatorKeyword], color: c.keyword },
    { tag: tags.function(tags.variableName), color: c.fn },
    { tag: tags.labelName, color: c.label },
    { tag: tags.string, color: c.string },
    { tag: tags.number, color: c.number },
    { tag: tags.comment, color: c.comment, fontStyle: 'italic' },
    { tag: tags.invalid, color: c.invalid },
  ]);
}

function themeFor(dark: boolean) {
  const c = EDITOR_PALETTES[dark ? 'dark' : 'light'];
  return [
    EditorView.theme(
      {
        '&': { backgroundColor: 'transparent', color: c.text, fontSize: '13px' },
        '&.cm-focused': { outline: 'none' },
        '.cm-content': { fontFamily: 'var(--font-mono, monospace)', caretColor: c.text, padding: '6px 0' },
        '.cm-gutters': { display: 'none' },
        '.cm-activeLine': { backgroundColor: 'transparent' },
        '.cm-placeholder': { color: c.placeholder },
        '.cm-tooltip': { backgroundColor: c.panel, color: c.text, border: `1px solid ${c.panelBorder}` },
        '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: c.chosen, color: c.chosenText },
      },
      { dark },
    ),
    syntaxHighlighting(highlightFor(c)),
  ];
}

const isDark = () => document.documentElement.classList.contains('dark');

/**
 * CodeMirror 6 with the PromQL language: highlighting, linting, and completion of metric names,
 * labels and values asked through flowlens's Prometheus proxy (so credentials stay on the server).
 */
export function PromqlEditor({ value, onChange, onRun, label, onRefused }: PromqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // Latest callbacks without rebuilding the editor on every render.
  const callbacks = useRef({ onChange, onRun, onRefused });
  useEffect(() => {
    callbacks.current = { onChange, onRun, onRefused };
  });

  useEffect(() => {
    if (!host.current) return;
    // Inside a shadow root CodeMirror styles itself with constructed style sheets, which the app's
    // Content-Security-Policy (styles from 'self' only) allows; in the page it would add <style> tags.
    const shadow = host.current.shadowRoot ?? host.current.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    shadow.replaceChildren(parent);
    const appearance = new Compartment();
    const promql = new PromQLExtension().setComplete({ remote: { url: prometheusProxyUrl().replace(/\/$/, ''), httpMethod: 'GET', cache: { maxAge: 5 * 60_000 } } });
    const editor = new EditorView({
      root: shadow,
      parent,
      state: EditorState.create({
        doc: value,
        extensions: [
          keymap.of([
            {
              key: 'Enter',
              run: () => {
                callbacks.current.onRun();
                return true;
              },
            },
          ]),
          // Text past the shared limit never reaches the parser, linter or completion: the edit is refused, and said why.
          EditorState.changeFilter.of((transaction) => {
            const problem = promqlLengthProblem(transaction.newDoc.length);
            if (problem) callbacks.current.onRefused(problem);
            return problem === null;
          }),
          basicSetup,
          promql.asExtension(),
          appearance.of(themeFor(isDark())),
          EditorView.lineWrapping,
          placeholder('PromQL, e.g. sum by (verdict) (rate(hubble_flows_processed_total[5m]))'),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            callbacks.current.onRefused(null);
            callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    // Follow the app's theme toggle (a `dark` class on <html>).
    const themeWatch = new MutationObserver(() => editor.dispatch({ effects: appearance.reconfigure(themeFor(isDark())) }));
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => {
      themeWatch.disconnect();
      editor.destroy();
      promql.destroy();
      view.current = null;
    };
    // The editor is built once; later value changes arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [label]);

  // A new query from outside (URL, example button) replaces the text.
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  return (
    <div
      ref={host}
      data-testid="promql-editor"
      className="min-h-9 flex-1 rounded border border-slate-300 bg-white px-2 focus-within:ring-2 focus-within:ring-sky-500 dark:border-slate-600 dark:bg-slate-900"
    />
  );
}
