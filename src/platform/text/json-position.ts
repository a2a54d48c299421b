/**
 * Where a JSON text stops being valid, as a character offset. JSON.parse's messages
 * differ between Node versions and do not always carry a position; this small scanner
 * runs only after JSON.parse failed, to tell the user the line and column.
 */
export function jsonErrorOffset(source: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < source.length && ' \t\n\r'.includes(source[i])) i++;
  };
  const literal = (word: string) => {
    if (source.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < source.length) {
      const ch = source[i];
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        i++;
        if (source[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(source.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if ('"\\/bfnrt'.includes(source[i] ?? '')) i++;
        else fail();
      } else if (ch < ' ') fail();
      else i++;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i, i + 400));
    if (!match) fail();
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const ch = source[i];
    if (ch === '{') {
      i++;
      ws();
      if (source[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (source[i] !== '"') fail();
        string();
        ws();
        if (source[i] !== ':') fail();
        i++;
        value();
        ws();
        if (source[i] === ',') i++;
        else if (source[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (source[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (source[i] === ',') i++;
        else if (source[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else if (ch === '-' || (ch >= '0' && ch <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    return i < source.length ? i : source.length;
  } catch (offset) {
    return offset as number;
  }
}
