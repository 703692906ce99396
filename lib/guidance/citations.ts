/**
 * The studies the guidance rules cite, written once (guidance-science.md gives the details).
 * Page ranges are given only where the evidence notes confirm them.
 */
export const CITE = {
  frandsen2025: "Frandsen et al. 2025, Br J Sports Med 59(17):1203–1210",
  buist2008: "Buist et al. 2008, Am J Sports Med 36(1):33–39",
  nielsen2014Jospt: "Nielsen et al. 2014, J Orthop Sports Phys Ther 44(10):739–747",
  nielsen2014Ijspt: "Nielsen et al. 2014, Int J Sports Phys Ther 9(3):338–345",
  damsted2018: "Damsted et al. 2018, Int J Sports Phys Ther (systematic review)",
  foster1998: "Foster 1998, Med Sci Sports Exerc 30(7):1164–1168",
  silbernagel2007: "Silbernagel et al. 2007, Am J Sports Med 35(6):897–906",
  ostrcO2: "Clarsen et al. 2013, Br J Sports Med 47(8):495 (OSTRC questionnaire); Clarsen et al. 2020, Br J Sports Med, doi:10.1136/bjsports-2019-101337",
  farrar2001: "Farrar et al. 2001, Pain 94:149–158",
  lauersen2014: "Lauersen et al. 2014, Br J Sports Med 48:871–877",
  alexander2022: "Alexander et al. 2022, Br J Sports Med 56(22):1307–1319",
  malisoux2020: "Malisoux et al. 2020, Am J Sports Med 48(2):473–480",
  malisoux2015: "Malisoux et al. 2015, Scand J Med Sci Sports 25:110–115",
  theisen2014: "Theisen et al. 2014, Br J Sports Med 48(5):371",
  buist2010: "Buist et al. 2010, Am J Sports Med 38(2):273–280",
  heiderscheit2011: "Heiderscheit et al. 2011, Med Sci Sports Exerc 43(2):296–302",
  anderson2022: "Anderson et al. 2022, Sports Med Open 8:112",
  anderson2020: "Anderson et al. 2020, Sports Med 50:885–917",
  willson2014: "Willson et al. 2014, Clin Biomech 29:243–247",
  messier2005: "Messier et al. 2005, Arthritis Rheum 52(7):2026–2032",
  mitchell2025: "Mitchell et al. 2025, Sports Biomech 24(5):1143–1167",
  vanHooren2020: "Van Hooren et al. 2020, Sports Med (review of 33 studies)",
  viljoen2022: "Viljoen et al. 2022, Br J Sports Med 56:577–587",
  nhsKneePathways: "NHS Gloucestershire and Cornwall knee referral pathways (clinical consensus)",
  serlin1995: "Serlin et al. 1995, Pain 61(2):277–284 (cut-points for mild, moderate and severe pain on the 0–10 scale)",
  ottawaKneeRule: "Ottawa knee rule (Stiell et al.), clinician-applied decision rule for acute knee injury",
} as const;
