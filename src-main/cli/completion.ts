/**
 * `nrlab completion bash|zsh`: shell completion scripts generated from the command table
 * (commands.ts) — the commands, subcommands, each command's options, files for options and
 * arguments that take files (narrowed to *.nrlab / *.json where that is what they take),
 * directories, model ids for arguments that take a model, and the values of choice options.
 *
 * Both scripts share one candidate function, `__nrlab_candidates CWORD WORD0 WORD1 …`, written in
 * the common subset of bash and zsh (zsh runs it under `emulate -L ksh`: 0-based arrays, word
 * splitting as in bash). It sets `__nrlab_kind` (words, files, dirs or none), `__nrlab_reply` (the
 * words, already narrowed to the typed prefix), `__nrlab_pattern` (a glob for files) and
 * `__nrlab_cur` (the text being completed); each shell's wrapper turns that into its own
 * completion calls. The tests call the candidate function directly in both shells.
 */
import { listModels, traceKindsOf } from '../../src-core/models/registry.js';
import { COMMAND_NAMES, specOf } from './commands.js';
import type { CommandSpec, Completion, OptionSpec } from './spec.js';

/** A word in single quotes for the shell. */
function q(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function words(list: readonly string[]): string {
  return list.map(q).join(' ');
}

/** The model ids a completion offers. */
function modelIds(having: Extract<Completion, { kind: 'model' }>['having']): string[] {
  return listModels()
    .filter((m) => {
      if (having === undefined) return true;
      if (having === 'simulate') return Boolean(m.simulate);
      if (having === 'continuation') return Boolean(m.continuation);
      return traceKindsOf(m).includes(having);
    })
    .map((m) => m.id);
}

/** The shell lines that set the result for one completion. */
function action(c: Completion | undefined): string {
  if (c === undefined) return '__nrlab_kind=none';
  switch (c.kind) {
    case 'file':
      return `__nrlab_kind=files; __nrlab_pattern=${q(c.pattern ?? '')}`;
    case 'dir':
      return '__nrlab_kind=dirs';
    case 'model':
      return `__nrlab_words ${words(modelIds(c.having))}`;
    case 'choices':
      return `__nrlab_words ${words(c.values())}`;
    case 'command':
      return `__nrlab_words ${words(COMMAND_NAMES)}`;
  }
}

/** Every (key, spec) the completion knows: commands, and "command sub" for subcommands. */
function entries(): [string, CommandSpec][] {
  const out: [string, CommandSpec][] = [];
  for (const name of COMMAND_NAMES) {
    const spec = specOf(name);
    out.push([name, spec]);
    for (const [sub, s] of Object.entries(spec.subcommands ?? {})) out.push([`${name} ${sub}`, s]);
  }
  return out;
}

const flag = (name: string): string => `--${name}`;

function optionsTaking(options: Readonly<Record<string, OptionSpec>>): string[] {
  return Object.entries(options)
    .filter(([, o]) => o.type === 'string')
    .map(([n]) => flag(n));
}

/** The shared candidate function (bash and zsh). */
function core(): string {
  const all = entries();
  const optionCases = all.map(([key, spec]) => `    ${q(key)}) __nrlab_opts=(${words([...Object.keys(spec.options).map(flag), '--help'])}); __nrlab_vopts=(${words(optionsTaking(spec.options))}) ;;`);
  const subCases = all.filter(([, s]) => s.subcommands).map(([key, s]) => `    ${q(key)}) __nrlab_subs=(${words(Object.keys(s.subcommands!))}) ;;`);
  const valueCases: string[] = [];
  for (const [key, spec] of all) {
    for (const [name, o] of Object.entries(spec.options)) {
      if (o.type === 'string') valueCases.push(`    ${q(`${key} ${flag(name)}`)}) ${action(o.complete)} ;;`);
    }
  }
  const argCases: string[] = [];
  for (const [key, spec] of all) {
    const args = spec.args ?? [];
    args.forEach((a, i) => {
      const pat = a.repeat ? `${q(`${key}:`)}*` : q(`${key}:${i}`);
      // a repeating argument takes every position from its own on
      if (a.repeat && i > 0) throw new Error('a repeating argument must be the first (completion)');
      argCases.push(`    ${pat}) ${action(a.complete)} ;;`);
    });
  }
  return `# the candidates for word CWORD of WORDS (0: nrlab); see "nrlab completion --help"
__nrlab_words() {
  local __w
  __nrlab_kind=words
  for __w in "$@"; do
    case "$__w" in
      "$__nrlab_cur"*) __nrlab_reply[\${#__nrlab_reply[@]}]="$__w" ;;
    esac
  done
}

__nrlab_options() {
  __nrlab_opts=(); __nrlab_vopts=()
  case "$1" in
${optionCases.join('\n')}
  esac
}

__nrlab_subcommands() {
  __nrlab_subs=()
  case "$1" in
${subCases.join('\n')}
  esac
}

__nrlab_value() {
  case "$1" in
${valueCases.join('\n')}
    *) __nrlab_kind=none ;;
  esac
}

__nrlab_argument() {
  case "$1" in
${argCases.join('\n')}
    *) __nrlab_kind=none ;;
  esac
}

__nrlab_candidates() {
  if [ -n "\${ZSH_VERSION-}" ]; then emulate -L ksh; fi
  local cword="$1"
  shift
  local -a w
  w=("$@")
  local cur="\${w[cword]}"
  local key="" npos=0 i=2 word sub s o opt=""
  local -a __nrlab_opts __nrlab_vopts __nrlab_subs
  __nrlab_kind=none; __nrlab_reply=(); __nrlab_pattern=""; __nrlab_cur="$cur"
  if [ "$cword" -le 1 ]; then
    case "$cur" in
      -*) __nrlab_words --help --version ;;
      *) __nrlab_words ${words(COMMAND_NAMES)} ;;
    esac
    return 0
  fi
  key="\${w[1]}"
  __nrlab_options "$key"
  __nrlab_subcommands "$key"
  while [ "$i" -lt "$cword" ]; do
    word="\${w[i]}"
    case "$word" in
      --*=*) ;;
      -*)
        for o in "\${__nrlab_vopts[@]}"; do
          if [ "$o" = "$word" ]; then
            # the option's value is the next word
            i=$((i + 1))
            break
          fi
        done ;;
      *)
        if [ "$npos" -eq 0 ] && [ "\${#__nrlab_subs[@]}" -gt 0 ]; then
          for s in "\${__nrlab_subs[@]}"; do
            if [ "$s" = "$word" ]; then
              key="$key $word"
              __nrlab_options "$key"
              __nrlab_subcommands "$key"
              npos=-1
              break
            fi
          done
        fi
        npos=$((npos + 1)) ;;
    esac
    i=$((i + 1))
  done
  # the value of an option: "--opt value" or "--opt=value"
  case "$cur" in
    --*=*) opt="\${cur%%=*}"; cur="\${cur#*=}" ;;
    *)
      for o in "\${__nrlab_vopts[@]}"; do
        if [ "$o" = "\${w[cword-1]}" ]; then opt="$o"; break; fi
      done ;;
  esac
  __nrlab_cur="$cur"
  if [ -n "$opt" ]; then
    __nrlab_value "$key $opt"
    return 0
  fi
  case "$cur" in
    -*) __nrlab_words "\${__nrlab_opts[@]}" ;;
    *)
      if [ "$npos" -eq 0 ] && [ "\${#__nrlab_subs[@]}" -gt 0 ]; then
        __nrlab_words "\${__nrlab_subs[@]}"
      elif [ "$key" = help ] && [ "$npos" -eq 1 ]; then
        __nrlab_subcommands "\${w[2]}"
        __nrlab_words "\${__nrlab_subs[@]}"
      else
        __nrlab_argument "$key:$npos"
      fi ;;
  esac
  return 0
}
`;
}

/** The bash script: `source <(nrlab completion bash)`. */
function bashScript(): string {
  return `# bash completion for nrlab (generated by "nrlab completion bash"; regenerate after an update)
${core()}
_nrlab() {
  local __nrlab_kind __nrlab_pattern __nrlab_cur
  local -a __nrlab_reply __w=()
  local __j __t __cw=0 __join=0
  # bash splits "--format=pdf" and "key=1:2" at = and :; join them back into the shell's words
  for ((__j = 0; __j < \${#COMP_WORDS[@]}; __j++)); do
    __t="\${COMP_WORDS[__j]}"
    if [ "$__j" -gt 0 ] && { [ "$__join" = 1 ] || [ "$__t" = "=" ] || [ "$__t" = ":" ]; }; then
      __w[\${#__w[@]}-1]="\${__w[\${#__w[@]}-1]}$__t"
    else
      __w+=("$__t")
    fi
    case "$__t" in "=" | ":") __join=1 ;; *) __join=0 ;; esac
    if [ "$__j" -eq "$COMP_CWORD" ]; then __cw=$((\${#__w[@]} - 1)); fi
  done
  __nrlab_candidates "$__cw" "\${__w[@]}"
  COMPREPLY=()
  case "$__nrlab_kind" in
    words) COMPREPLY=("\${__nrlab_reply[@]}") ;;
    files)
      compopt -o filenames 2>/dev/null
      if [ -n "$__nrlab_pattern" ]; then
        mapfile -t COMPREPLY < <(compgen -f -X "!$__nrlab_pattern" -- "$__nrlab_cur"; compgen -d -- "$__nrlab_cur")
      else
        mapfile -t COMPREPLY < <(compgen -f -- "$__nrlab_cur")
      fi ;;
    dirs)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -d -- "$__nrlab_cur") ;;
  esac
  return 0
}
complete -F _nrlab nrlab
`;
}

/** The zsh script: `source <(nrlab completion zsh)` after compinit, or saved as _nrlab in $fpath. */
function zshScript(): string {
  return `#compdef nrlab
# zsh completion for nrlab (generated by "nrlab completion zsh"; regenerate after an update)
${core()}
_nrlab() {
  local __nrlab_kind __nrlab_pattern __nrlab_cur
  local -a __nrlab_reply
  __nrlab_candidates $((CURRENT - 1)) "\${words[@]}"
  if [[ $PREFIX == --*=* ]]; then compset -P '*='; fi
  case "$__nrlab_kind" in
    words) compadd -- "\${__nrlab_reply[@]}" ;;
    files)
      if [[ -n $__nrlab_pattern ]]; then _files -g "$__nrlab_pattern"; else _files; fi ;;
    dirs) _files -/ ;;
  esac
}

if [[ "\${zsh_eval_context[-1]-}" == loadautofunc ]]; then
  _nrlab "$@"
else
  compdef _nrlab nrlab
fi
`;
}

export function completionScript(shell: 'bash' | 'zsh'): string {
  return shell === 'bash' ? bashScript() : zshScript();
}
