# Reference variance components from R's lme4 for tests/test_gtheory_exactness.py.
#
# Run from the repository root:  Rscript tests/data/gtheory/lme4_reference.R
# Writes tests/data/gtheory/unbalanced_pxrxm.csv (the data, generated here with a
# fixed seed) and tests/data/gtheory/lme4_reference.json (components, R and lme4
# versions). The tests read both files and never call R.
#
# Tight optimiser tolerances so that lme4's optimum is exact to well under 1e-4 of
# the total variance (the tests' tolerance).
suppressMessages(library(lme4))
here <- "tests/data/gtheory"
ctrl <- lmerControl(optimizer = "nloptwrap",
                    optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14, maxeval = 1e5),
                    calc.derivs = FALSE)

# 1. Unbalanced p x r x m data: each project scored by 3 to 7 of 14 members, 8% of
#    the remaining cells empty, on 6 markers. Scores with two decimals.
set.seed(20261130)
n_p <- 80; n_r <- 14; n_m <- 6
sd <- c(p = 0.6, r = 0.3, m = 0.25, pr = 0.2, pm = 0.35, rm = 0.15, e = 0.5)
u_p <- rnorm(n_p, 0, sd["p"]); u_r <- rnorm(n_r, 0, sd["r"]); u_m <- rnorm(n_m, 0, sd["m"])
u_pr <- matrix(rnorm(n_p * n_r, 0, sd["pr"]), n_p)
u_pm <- matrix(rnorm(n_p * n_m, 0, sd["pm"]), n_p)
u_rm <- matrix(rnorm(n_r * n_m, 0, sd["rm"]), n_r)
rows <- list()
for (p in seq_len(n_p)) {
  raters <- sort(sample(n_r, sample(3:7, 1)))
  for (r in raters) for (m in seq_len(n_m)) {
    if (runif(1) < 0.08) next
    y <- 1.5 + u_p[p] + u_r[r] + u_m[m] + u_pr[p, r] + u_pm[p, m] + u_rm[r, m] + rnorm(1, 0, sd["e"])
    rows[[length(rows) + 1]] <- data.frame(
      project_id = sprintf("P%02d", p), rater_id = sprintf("R%02d", r),
      marker = sprintf("M%02d", m), college = sprintf("C%d", (r - 1) %/% 5 + 1),
      score = round(y, 2))
  }
}
d <- do.call(rbind, rows)
write.csv(d, file.path(here, "unbalanced_pxrxm.csv"), row.names = FALSE, quote = FALSE)
d <- read.csv(file.path(here, "unbalanced_pxrxm.csv"), stringsAsFactors = TRUE)

components <- function(fit) {
  vc <- as.data.frame(VarCorr(fit))
  setNames(as.list(vc$vcov), vc$grp)
}
out <- list(
  R = R.version.string,
  lme4 = as.character(packageVersion("lme4")),
  Matrix = as.character(packageVersion("Matrix")),
  tolerance_note = "nloptwrap with xtol_abs = 1e-12, ftol_abs = 1e-14"
)

# p x r x m, the formula of issue 11
f1 <- lmer(score ~ 1 + (1 | project_id) + (1 | rater_id) + (1 | marker) +
             (1 | project_id:rater_id) + (1 | project_id:marker) + (1 | rater_id:marker),
           data = d, REML = TRUE, control = ctrl)
out$pxrxm <- list(components = components(f1), reml_criterion = REMLcrit(f1), n = nrow(d))

# single marker p x r (marker M01)
d1 <- droplevels(d[d$marker == "M01", ])
f2 <- lmer(score ~ 1 + (1 | project_id) + (1 | rater_id), data = d1, REML = TRUE, control = ctrl)
out$pxr_M01 <- list(components = components(f2), reml_criterion = REMLcrit(f2), n = nrow(d1))

# members nested in colleges, single marker: p x (r:c)
f3 <- lmer(score ~ 1 + (1 | project_id) + (1 | college) + (1 | rater_id:college) +
             (1 | project_id:college), data = d1, REML = TRUE, control = ctrl)
out$px_rc_M01 <- list(components = components(f3), reml_criterion = REMLcrit(f3), n = nrow(d1))

# Rajaratnam, Cronbach and Gleser (1965), pooled p x (i:h), unbalanced (2, 4, 2 items)
rj <- read.csv(file.path(here, "rajaratnam_table2.csv"))
rj[] <- lapply(rj, function(x) if (is.integer(x) && !identical(x, rj$Score)) factor(x) else x)
rj$Person <- factor(rj$Person); rj$Subtest <- factor(rj$Subtest); rj$Item <- factor(rj$Item)
f4 <- lmer(Score ~ 1 + (1 | Person) + (1 | Subtest) + (1 | Item:Subtest) + (1 | Person:Subtest),
           data = rj, REML = TRUE, control = ctrl)
out$rajaratnam_pooled <- list(components = components(f4), reml_criterion = REMLcrit(f4))
for (s in levels(rj$Subtest)) {
  f <- lmer(Score ~ 1 + (1 | Person) + (1 | Item), data = rj[rj$Subtest == s, ],
            REML = TRUE, control = ctrl)
  out[[paste0("rajaratnam_subtest_", s)]] <- list(components = components(f))
}

# Brennan (2001) synthetic data No. 4, p x (r:t)
br <- read.csv(file.path(here, "brennan_synthetic4.csv"))
br$Person <- factor(br$Person); br$Task <- factor(br$Task); br$Rater <- factor(br$Rater)
f5 <- lmer(Score ~ 1 + (1 | Person) + (1 | Task) + (1 | Rater:Task) + (1 | Person:Task),
           data = br, REML = TRUE, control = ctrl)
out$brennan_synthetic4 <- list(components = components(f5), reml_criterion = REMLcrit(f5))

# The demo dataset's individual scores (data/demo, round "individuel"): the speed target's data.
demo <- read.csv("data/demo/scores.csv", stringsAsFactors = FALSE)
demo <- demo[demo$round == "individuel" & !is.na(demo$score), ]
demo[c("project_id", "rater_id", "marker")] <- lapply(demo[c("project_id", "rater_id", "marker")], factor)
started <- Sys.time()
f6 <- lmer(score ~ 1 + (1 | project_id) + (1 | rater_id) + (1 | marker) +
             (1 | project_id:rater_id) + (1 | project_id:marker) + (1 | rater_id:marker),
           data = demo, REML = TRUE, control = ctrl)
out$demo_individuel <- list(
  components = components(f6), reml_criterion = REMLcrit(f6), n = nrow(demo),
  score_sum = sum(demo$score),
  seconds = as.numeric(difftime(Sys.time(), started, units = "secs")),
  seconds_note = "wall-clock on a shared 2-core machine under heavy load"
)

writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           file.path(here, "lme4_reference.json"))
cat("written", file.path(here, "lme4_reference.json"), "\n")
