# Sourced by scripts/setup.sh and scripts/test.sh.
# apt_install PACKAGE...: installs Debian packages, through sudo unless already root.
apt_install() {
	local sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
