import { useEffect, useRef, useState } from "react";

/**
 * Local text for an input whose value lives in the URL. The router applies URL changes in a transition, so an
 * input bound to the URL directly would lag behind fast typing and could drop keystrokes; this keeps what was
 * typed at once, reports it with `onChange`, and takes the URL's value when it changes from elsewhere (back,
 * forward, a link).
 */
export function useSyncedText(value: string, onChange: (text: string) => void): [string, (text: string) => void] {
  const [text, setText] = useState(value);
  const sent = useRef(value);
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  return [
    text,
    (next: string) => {
      sent.current = next;
      setText(next);
      onChange(next);
    },
  ];
}
