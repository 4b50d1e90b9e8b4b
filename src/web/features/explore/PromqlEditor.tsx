import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { prometheusProxyUrl } from '../../api/prometheus.ts';

export interface PromqlEditorProps {
  value: string;
  onChange(value: string): void;
  /** Enter (without Shift) runs the query, as in Prometheus's own UI. */
  onRun(): void;
  labelledBy: string;
}

/** Colours as Tailwind classes, so dark mode follows the app's `dark` class with readable contrast. */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.modifier, tags.operatorKeyword], class: 'text-fuchsia-700 dark:text-fuchsia-300' },
  { tag: tags.function(tags.variableName), class: 'text-sky-800 dark:text-sky-300' },
  { tag: tags.labelName, class: 'text-amber-800 dark:text-amber-300' },
  { tag: tags.string, class: 'text-emerald-800 dark:text-emerald-300' },
  { tag: tags.number, class: 'text-blue-800 dark:text-blue-300' },
  { tag: tags.comment, class: 'italic text-slate-600 dark:text-slate-400' },
  { tag: tags.invalid, class: 'text-red-700 dark:text-red-300' },
]);

const frame = EditorView.theme({
  '&': { backgroundColor: 'transparent', color: 'inherit', fontSize: '13px' },
  '&.cm-focused': { outline: 'none' },
  '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'currentColor', padding: '6px 0' },
  '.cm-gutters': { display: 'none' },
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '.cm-tooltip': { color: '#0f172a' },
});

/**
 * CodeMirror 6 with the PromQL language: highlighting, linting, and completion of metric names,
 * labels and values asked through flowlens's Prometheus proxy (so credentials stay on the server).
 */
export function PromqlEditor({ value, onChange, onRun, labelledBy }: PromqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // Latest callbacks without rebuilding the editor on every render.
  const callbacks = useRef({ onChange, onRun });
  useEffect(() => {
    callbacks.current = { onChange, onRun };
  });

  useEffect(() => {
    if (!host.current) return;
    const promql = new PromQLExtension().setComplete({ remote: { url: prometheusProxyUrl().replace(/\/$/, ''), httpMethod: 'GET', cache: { maxAge: 5 * 60_000 } } });
    const editor = new EditorView({
      parent: host.current,
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
          basicSetup,
          promql.asExtension(),
          syntaxHighlighting(highlight),
          frame,
          EditorView.lineWrapping,
          placeholder('PromQL, e.g. sum by (verdict) (rate(hubble_flows_processed_total[5m]))'),
          EditorView.contentAttributes.of({ 'aria-labelledby': labelledBy, 'aria-multiline': 'true' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      promql.destroy();
      view.current = null;
    };
    // The editor is built once; later value changes arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labelledBy]);

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
