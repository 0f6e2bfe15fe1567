"""Every public page on a phone (390 CSS pixels wide): the page itself never scrolls sideways.

A wide table may scroll inside its own container, which must then be reachable by keyboard
(tabindex="0") and named (aria-label/aria-labelledby). All <details> are opened before measuring,
so the data tables behind "Datentabelle …" count too. The content is realistic: the real Malchin
with its official data and projection, a portal with offers, a Bürgerbudget in its voting phase,
published Praxisbeispiele, a funding call and a coordinator's scenario.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from leuchtfeuer.accounts import totp
from leuchtfeuer.accounts.models import Role
from leuchtfeuer.funding.tests.factories import CallFactory, ProgrammeFactory
from leuchtfeuer.knowledge import services as knowledge
from leuchtfeuer.places.models import Municipality, Region
from leuchtfeuer.places.tests.official_subset import load_official_subset
from leuchtfeuer.portal.tests.factories import OfferFactory, PortalFactory
from leuchtfeuer.projections import services as projections
from leuchtfeuer.projections.current import warm
from leuchtfeuer.projections.tests.conftest import RETURNEES
from tests.browser.test_participation_journey import make_budget, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390

# Elements wider than the viewport that are not inside a scrolling container: what widens the page.
CULPRITS = """(width) => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 0.5) continue;
    let p = el.parentElement, contained = false;
    for (; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) { contained = true; break; }
    }
    if (!contained) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} (bis ${Math.round(r.right)} px): ${el.textContent.trim().slice(0, 50)}`);
  }
  return out.slice(-5);
}"""

# Containers that actually scroll sideways: each must be focusable and named.
SCROLLERS = """() => [...document.body.querySelectorAll('*')]
  .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
  .map(e => ({what: e.outerHTML.slice(0, 120), tabindex: e.getAttribute('tabindex'),
              name: e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')}))"""


@pytest.fixture
def malchin(transactional_db):
    """The real Malchin with its official data and its projection (as after an import, when
    `leuchtfeuer warm-projections` has run)."""
    load_official_subset()
    region = Region.objects.get(level="gemeinde", ags="13071092")
    warm(["13"])
    return Municipality.objects.create(region=region, slug="malchin", display_name="Malchin")


@pytest.fixture
def content(malchin, role_user, user_factory):
    region = malchin.region
    coordinator = role_user(Role.KOORDINATION, malchin, email="kora@example.org", name="Kora Koordinatorin")
    coordinator.totp_secret = totp.generate_totp_secret()
    totp.activate(coordinator, coordinator.totp_secret)

    PortalFactory(municipality=malchin, title="Ankommen in Malchin am Kummerower See")
    OfferFactory(municipality=malchin, title="Pflegefachkraft (m/w/d) in der Tagespflege am Kummerower See")
    OfferFactory(municipality=malchin, kind="wohnung", job_field="", title="Drei-Zimmer-Wohnung mit Seeblick")
    OfferFactory(
        municipality=malchin, kind="job", job_field="it", title="Verwaltungsfachangestellte:r Bürgerbüro"
    )

    budget = make_budget(coordinator, malchin)
    make_project(coordinator, malchin, kind="zukunftswerkstatt", running="ideas", slug="zukunft-2030")

    office = user_factory(is_programme_office=True, email="redaktion@example.org")
    examples = []
    for title, description in (
        (
            "Dorfgemeinschaftshausentwicklungskonzept Remplin",
            "Ein leerstehendes Gutshaus wird zum Treffpunkt: Jugendbeteiligung, Seniorencafé, "
            "Rückkehrertag. Mehr unter https://www.beispiel-gemeinde.example/dorfgemeinschaftshaus-remplin.",
        ),
        ("Jugendbudget mit Schülervertretungen", "Jugendliche entscheiden über 6.000 Euro im Jahr."),
    ):
        example = knowledge.example_create(
            actor=office,
            municipality=None,
            region=region,
            data={"title": title, "summary": description[:80], "description": description},
        )
        examples.append(knowledge.example_publish(actor=office, example=example))

    CallFactory(
        title="Zukunftswerkstätten für Kommunen im demografischen Wandel 2026",
        programme=ProgrammeFactory(name="Demografiewerkstatt Kommunen"),
    )
    scenario = projections.scenario_create(
        actor=coordinator, municipality=malchin, name="Rückkehr und Familien", measures=[RETURNEES]
    )
    return {
        "town": malchin,
        "coordinator": coordinator,
        "budget": budget,
        "example": examples[0],
        "scenario": scenario,
    }


def _measure(page: Page, path: str) -> list[str]:
    """Problems of one page at 390 px: sideways scrolling of the page, unnamed scroll regions."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE:
        culprits = page.evaluate(CULPRITS, PHONE)
        problems.append(f"{path}: {width} px breit – " + "; ".join(culprits))
    for scroller in page.evaluate(SCROLLERS):
        if scroller["tabindex"] != "0" or not scroller["name"]:
            problems.append(
                f"{path}: seitlich scrollbarer Bereich ohne Tastaturfokus oder Namen: {scroller['what']}"
            )
    return problems


def test_public_pages_fit_a_phone(page: Page, content, log_in):
    town, budget, example = content["town"], content["budget"], content["example"]
    project = budget.project
    page.set_viewport_size({"width": PHONE, "height": 844})
    pages = [
        "/",
        "/orte/?q=Ma",
        "/orte/13071092/",
        "/orte/13071/",
        "/orte/13071092/vorausberechnung/",
        "/ankommen/",
        f"/ankommen/{town.slug}/",
        f"/ankommen/{town.slug}/angebote/",
        f"/ankommen/{town.slug}/erhebungsbogen/",
        "/beteiligung/",
        f"/beteiligung/{town.slug}/{project.slug}/",
        f"/beteiligung/{town.slug}/{project.slug}/abstimmen/",
        f"/beteiligung/{town.slug}/zukunft-2030/",
        "/wissen/",
        "/wissen/?q=Jugend",
        f"/wissen/beispiele/{example.slug}/",
        "/foerderung/",
    ]
    problems = [problem for path in pages for problem in _measure(page, path)]

    # the scenario pages of the coordinator, with the header navigation of a signed-in person
    log_in(content["coordinator"])
    for path in (
        "/",
        f"/kommunen/{town.slug}/szenarien/",
        f"/kommunen/{town.slug}/szenarien/{content['scenario'].pk}/",
    ):
        problems += _measure(page, path)
    assert not problems, "Zu breit für 390 px:\n" + "\n".join(problems)


def test_chart_axes_stay_legible_on_a_phone(page: Page, malchin):
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto("/orte/13071092/")
    expect(page.locator("figure svg .tick").first).to_be_visible()
    # A 640-unit drawing shrinks to about 358 px: 11-unit labels would be 6 px high; the phone
    # stylesheet keeps the axis numbers at a size one can read (≥ 8 px glyphs).
    heights = page.evaluate(
        "[...document.querySelectorAll('figure svg .tick')].map(t => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 9, heights


def test_planning_group_header_sits_over_its_columns(page: Page, malchin):
    page.goto("/orte/13071092/vorausberechnung/")
    table = page.locator("table", has=page.get_by_role("columnheader", name="Altersgruppe"))
    expect(table).to_be_visible()
    header = table.locator("thead th")
    first_row = table.locator("tbody tr").first.locator("th, td")
    assert header.count() == first_row.count()
    for i in range(header.count()):
        head, cell = header.nth(i).bounding_box(), first_row.nth(i).bounding_box()
        assert abs(head["x"] - cell["x"]) < 1 and abs(head["width"] - cell["width"]) < 1, (i, head, cell)
        assert head["y"] < cell["y"]
