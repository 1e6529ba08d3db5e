#!/usr/bin/env python3
"""The wall screen in a real headless Chromium (issue 16 part 4), against a running server.

Logs in through a dashboard link, reads the city totals, files a case over gRPC (enforcectl) and
waits for the intake figure and the ticker to change without a reload (within 2 s); clicks a court
tile and a ticker line (the court's figures, the case's timeline); saves screenshots. Then the
refusals over HTTPS with the development CA: no session (401 for the page, the reads and the
stream), a reused link (403), a court's screen asking for another court (403), an expired link (403).
"""
import argparse
import json
import os
import shlex
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

p = argparse.ArgumentParser()
p.add_argument("--base", required=True)
p.add_argument("--ca", required=True)
p.add_argument("--city-link", required=True)
p.add_argument("--court-link", required=True)
p.add_argument("--expiring-link", required=True)
p.add_argument("--expires-at", type=float, required=True, help="unix time after which the expiring link is expired")
p.add_argument("--ctl", required=True, help="enforcectl and its connection options, e.g. 'enforcectl --port 1 --data-dir d'")
p.add_argument("--artifacts", required=True)
args = p.parse_args()
os.makedirs(args.artifacts, exist_ok=True)
tls = ssl.create_default_context(cafile=args.ca)
tls.check_hostname = False  # the development certificate names localhost and 127.0.0.1 as SANs; the CA is what is checked


def status(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, context=tls, timeout=10) as response:
            return response.status, response.read(2048).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(2048).decode("utf-8", "replace")


def check(condition, message):
    if not condition:
        print("FAIL:", message, file=sys.stderr)
        sys.exit(1)
    print("ok:", message)


def click(find):
    """Clicks what `find` returns, finding it again if a pushed update replaced it meanwhile."""
    for _ in range(20):
        try:
            find().click()
            return
        except StaleElementReferenceException:
            time.sleep(0.05)
    find().click()


def ctl(*words):
    command = shlex.split(args.ctl)
    return subprocess.run(command[:1] + list(words) + command[1:], check=True, capture_output=True, text=True).stdout


# Without a session: 401 everywhere but the login and the static assets.
for path in ["/", "/api/screen", "/api/events", "/api/cases/x", "/api/courts/x/overdue"]:
    code, _ = status(args.base + path)
    check(code == 401, f"GET {path} without a session is 401 (got {code})")
code, body = status(args.base + "/login?link=nonsense")
check(code == 403 and "链接无效" in body, f"a malformed link is 403 (got {code})")

options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors", "--window-size=2880,640",
             "--lang=zh-CN", "--disable-gpu"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"))
try:
    wait = WebDriverWait(driver, 15)
    driver.get(args.city_link)
    wait.until(lambda d: d.find_elements(By.ID, "total-today-filed") and d.find_element(By.ID, "status").text == "实时")
    check(driver.current_url.rstrip("/") == args.base.rstrip("/"), "the link moved on to the screen")
    check(driver.find_element(By.ID, "scope-name").text == "全市", "the city's screen")
    cookie = next(c for c in driver.get_cookies() if c["name"] == "enforcement_dashboard")
    check(cookie["httpOnly"] and cookie["secure"] and cookie.get("sameSite") == "Strict", "the session cookie is HttpOnly, Secure, SameSite=Strict")
    check(driver.execute_script("return document.cookie").find("enforcement_dashboard") < 0, "the page's script cannot read the cookie")
    before = int(driver.find_element(By.ID, "total-today-filed").text.replace(",", ""))
    month_before = int(driver.find_element(By.ID, "total-month-filed").text.replace(",", ""))
    tiles = driver.find_elements(By.CSS_SELECTOR, "#tiles .tile")
    check(len(tiles) >= 10, f"a tile per court ({len(tiles)})")
    loaded = driver.execute_script("return window.__pageLoadedAt")
    print(f"city totals today: filed {before}, this month {month_before}")

    filed = json.loads(ctl("case", "file", "--title", "（2026）沪0105民初4321号", "--applicant", "person:张三:11010519491231002X",
                           "--debtor", "org:上海某某贸易有限公司:91310000MA1FL8XQ37", "--amount", "120000", "--judge", "李法官", "--json"))
    number = filed["number"]
    started = time.monotonic()
    changed = None
    while time.monotonic() - started < 2.0:
        today = int(driver.find_element(By.ID, "total-today-filed").text.replace(",", ""))
        ticker = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#ticker li")]
        if today == before + 1 and any(number in line and "立案" in line for line in ticker):
            changed = time.monotonic() - started
            break
        time.sleep(0.05)
    check(changed is not None, f"the intake figure and the ticker showed {number} within 2 s without a reload")
    print(f"   pushed to the screen in {changed:.2f} s")
    check(driver.execute_script("return window.__pageLoadedAt") == loaded, "the page did not load again")
    check(int(driver.find_element(By.ID, "total-month-filed").text.replace(",", "")) == month_before + 1, "this month's intake moved too")
    driver.save_screenshot(os.path.join(args.artifacts, "dashboard-wall.png"))

    # A court's figures, then a case's timeline, by clicking.
    click(lambda: driver.find_element(By.CSS_SELECTOR, '#tiles .tile[data-court="沪0105"]'))
    wait.until(lambda d: d.find_element(By.ID, "detail-title").text == "上海市长宁区人民法院" and d.find_elements(By.CSS_SELECTOR, "#detail-body table"))
    check(True, "clicking a court opens its figures")
    click(lambda: next(li for li in driver.find_elements(By.CSS_SELECTOR, "#ticker li") if number in li.text))
    wait.until(lambda d: d.find_element(By.ID, "detail-title").text == number and d.find_elements(By.CSS_SELECTOR, "#detail-body .timeline li"))
    check(True, "clicking a case opens its timeline")
    driver.set_window_size(1600, 900)
    driver.save_screenshot(os.path.join(args.artifacts, "dashboard-monitor.png"))

    # The link was used: a second opening is refused.
    code, body = status(args.city_link)
    check(code == 403 and "已使用" in body, f"a reused link is 403 (got {code})")

    # A court's link shows that court only; another court's figures are 403.
    driver.delete_all_cookies()
    driver.get(args.court_link)
    wait.until(lambda d: d.find_element(By.ID, "scope-name").text == "上海市长宁区人民法院")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#tiles .tile")) == 1, "a court's screen has its own tile only")
    foreign = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/screen?court=' + encodeURIComponent('沪0101')).then(r => done(r.status), e => done(String(e)));")
    check(foreign == 403, f"a court's screen asking for another court is 403 (got {foreign})")

    # The expiring link, made first, is past its time now.
    time.sleep(max(0.0, args.expires_at - time.time()))
    code, body = status(args.expiring_link)
    check(code == 403 and "过期" in body, f"an expired link is 403 (got {code})")
    driver.delete_all_cookies()
    driver.get(args.expiring_link)
    check("过期" in driver.find_element(By.ID, "message").text, "the browser shows the expired link refused")
finally:
    driver.quit()
print("the wall screen: all checks passed")
