/** The scripts `imagegen completion bash|zsh|fish` prints; each asks `imagegen __complete`. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# imagegen completion for bash. Install: imagegen completion bash > ~/.local/share/bash-completion/completions/imagegen
# (or add  source <(imagegen completion bash)  to ~/.bashrc)
_imagegen() {
  local line="\${COMP_LINE:0:COMP_POINT}" words cur
  if [[ -n "$line" ]]; then
    # Split the line ourselves: bash splits 16:9 at the colon.
    read -ra words <<< "$line"
    [[ "$line" =~ [[:space:]]$ ]] && words+=("")
  else
    words=("\${COMP_WORDS[@]:0:COMP_CWORD+1}")
  fi
  cur="\${words[\${#words[@]}-1]}"
  local IFS=$'\\n' candidates
  candidates=($(imagegen __complete "\${words[@]:1}" 2>/dev/null))
  # bash replaces only the part after the last colon: hand back that part.
  if [[ "$cur" == *:* ]]; then
    local prefix="\${cur%:*}:"
    candidates=("\${candidates[@]#"$prefix"}")
  fi
  COMPREPLY=("\${candidates[@]}")
}
complete -o default -o bashdefault -F _imagegen imagegen
`;

const ZSH = `#compdef imagegen
# imagegen completion for zsh. Install: imagegen completion zsh > "\${fpath[1]}/_imagegen" (then compinit)
# (or add  source <(imagegen completion zsh)  to ~/.zshrc, after compinit)
_imagegen() {
  local -a candidates
  candidates=("\${(@f)$(imagegen __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=("\${(@)candidates:#}")
  if (( \${#candidates} )); then
    compadd -Q -- "\${candidates[@]}"
  else
    _files
  fi
}
compdef _imagegen imagegen
`;

const FISH = `# imagegen completion for fish. Install: imagegen completion fish > ~/.config/fish/completions/imagegen.fish
function __imagegen_complete
    set -l words (commandline -opc) (commandline -ct)
    imagegen __complete $words[2..-1] 2>/dev/null
end
complete -c imagegen -a '(__imagegen_complete)'
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
