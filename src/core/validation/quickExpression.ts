/**
 * A fast, conservative recognizer for the everyday subset of JSONata (paths, variables,
 * function calls, arithmetic, comparisons, `? :`). Creating a JSONata expression costs about
 * 50 µs however short it is (the library builds its whole parser per call), which makes a
 * 10,000-node file take half a second on expressions alone. Texts this recognizer accepts are
 * valid JSONata — a property test checks that against the library — and everything else
 * (regexes, objects, lambdas, escapes, odd spacing …) is still parsed by JSONata itself.
 */

type Kind = 'name' | 'var' | 'num' | 'str' | 'lit' | 'op' | '(' | ')' | '[' | ']' | ',' | '?' | ':' | '.';

interface Token {
  kind: Kind;
  text: string;
}

const NAME_CHAR = /[A-Za-z0-9_]/;
const NUMBER = /(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?/y;
const WORD_OPERATORS = new Set(['and', 'or', 'in']);
const LITERALS = new Set(['true', 'false', 'null']);
const MAX_DEPTH = 32;

/** Characters after which a JSONata name or number surely ends (whitespace and operators). */
function endsToken(ch: string | undefined): boolean {
  return ch === undefined || ' \t\n\r()[],.+-*/%=!<>&?:'.includes(ch);
}

/** Splits into tokens; undefined as soon as anything is outside the subset. */
function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const pair = text.slice(i, i + 2);
    if (' \t\n\r'.includes(ch)) {
      i++;
    } else if (pair === '!=' || pair === '<=' || pair === '>=') {
      tokens.push({ kind: 'op', text: pair });
      i += 2;
    } else if (pair === '..' || pair === '**' || pair === '/*' || pair === '?:' || pair === '??' || pair === ':=' || ch === '!') {
      return undefined;
    } else if ('+-*/%=<>&'.includes(ch)) {
      tokens.push({ kind: 'op', text: ch });
      i++;
    } else if ('()[],?:.'.includes(ch)) {
      tokens.push({ kind: ch as Kind, text: ch });
      i++;
    } else if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0 || text.slice(i, end).includes('\\')) return undefined;
      tokens.push({ kind: 'str', text: text.slice(i, end + 1) });
      i = end + 1;
    } else if (ch >= '0' && ch <= '9') {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match || !Number.isFinite(Number(match[0])) || !endsToken(text[i + match[0].length])) return undefined;
      tokens.push({ kind: 'num', text: match[0] });
      i += match[0].length;
    } else if (ch === '$' || NAME_CHAR.test(ch)) {
      let end = i + 1;
      while (end < text.length && NAME_CHAR.test(text[end])) end++;
      if (!endsToken(text[end])) return undefined;
      const word = text.slice(i, end);
      if (ch === '$') tokens.push({ kind: 'var', text: word });
      else if (WORD_OPERATORS.has(word)) tokens.push({ kind: 'op', text: word });
      else if (LITERALS.has(word)) tokens.push({ kind: 'lit', text: word });
      else if (word === 'function') return undefined;
      else tokens.push({ kind: 'name', text: word });
      i = end;
    } else {
      return undefined;
    }
  }
  return tokens;
}

type StepKind = 'name' | 'call' | '(';

/** Recursive descent over the subset's grammar; any surprise is a `false`. */
class SubsetParser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): boolean {
    return this.tokens.length > 0 && this.expression(0) && this.at === this.tokens.length;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private take(kind: Kind): boolean {
    if (this.peek()?.kind !== kind) return false;
    this.at++;
    return true;
  }

  // expression := chain ( '?' expression ( ':' expression )? )?
  private expression(depth: number): boolean {
    if (depth > MAX_DEPTH || !this.chain(depth)) return false;
    if (!this.take('?')) return true;
    if (!this.expression(depth + 1)) return false;
    return this.take(':') ? this.expression(depth + 1) : true;
  }

  // chain := unary ( operator unary )*
  private chain(depth: number): boolean {
    if (!this.unary(depth)) return false;
    while (this.peek()?.kind === 'op') {
      this.at++;
      if (!this.unary(depth)) return false;
    }
    return true;
  }

  // unary := '-'* ( number | string | literal | array | path )
  private unary(depth: number): boolean {
    while (this.peek()?.kind === 'op' && this.peek()?.text === '-') this.at++;
    const token = this.peek();
    if (!token) return false;
    if (token.kind === 'num' || token.kind === 'str' || token.kind === 'lit') {
      this.at++;
      return true;
    }
    if (token.kind === '[') {
      this.at++;
      return this.list(']', depth);
    }
    return this.path(depth);
  }

  // path := step ( '.' step | '[' expression ']' )*, no predicate right after a parenthesis
  private path(depth: number): boolean {
    let step: StepKind | 'predicate' | undefined = this.step(depth);
    if (!step) return false;
    for (;;) {
      if (this.take('.')) {
        step = this.step(depth);
        if (!step) return false;
      } else if (step !== '(' && this.peek()?.kind === '[') {
        this.at++;
        if (!this.expression(depth + 1) || !this.take(']')) return false;
        step = 'predicate';
      } else {
        return true;
      }
    }
  }

  // step := name | variable ( '(' arguments ')' )? | '(' expression ')'
  private step(depth: number): StepKind | undefined {
    const token = this.peek();
    if (token?.kind === 'name') {
      this.at++;
      return 'name';
    }
    if (token?.kind === 'var') {
      this.at++;
      if (this.take('(') && !this.list(')', depth)) return undefined;
      return 'call';
    }
    if (token?.kind === '(') {
      this.at++;
      return this.expression(depth + 1) && this.take(')') ? '(' : undefined;
    }
    return undefined;
  }

  // list := ( expression ( ',' expression )* )? close — the opening token is already taken
  private list(close: ')' | ']', depth: number): boolean {
    if (this.take(close)) return true;
    do {
      if (!this.expression(depth + 1)) return false;
    } while (this.take(','));
    return this.take(close);
  }
}

/**
 * True only when `expression` is certainly valid JSONata syntax; false means "not known",
 * not "invalid" — ask JSONata then.
 */
export function isSurelyValidExpression(expression: string): boolean {
  const tokens = tokenize(expression);
  return tokens !== undefined && new SubsetParser(tokens).parseAll();
}
