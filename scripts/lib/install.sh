# Sourced by scripts/setup.sh and scripts/test.sh: what both install.
# apt_install PACKAGE...: installs Debian packages, through sudo unless already root.
apt_install() {
	local sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# npm_install: the npm packages of scripts/ (the end-to-end tests' client, taplo, the load tools)
# and of dashboard/, installed from their lock files when missing or older than the lock.
npm_install() {
	local dir
	for dir in scripts dashboard; do
		if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
			echo "==> npm ci in $dir/"
			(cd "$dir" && npm ci --no-audit --no-fund)
		fi
	done
}
