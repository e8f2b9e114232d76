# Reference values from R's eRm (CML) for tests/test_rasch_published.py.
# Run from the repository root:  Rscript tests/data/rasch/erm_reference.R
# Writes tests/data/rasch/erm_*.csv and erm_versions.txt (tests never call R).
suppressPackageStartupMessages(library(eRm))
out <- "tests/data/rasch"
rows <- list()
add <- function(analysis, parameter, value, se = NA) {
  rows[[length(rows) + 1]] <<- data.frame(analysis = analysis, parameter = parameter,
                                          value = value, se = se)
}

# 1. eRm's own example data set for the rating scale model (rsmdat)
data(rsmdat)
write.csv(rsmdat, file.path(out, "erm_rsmdat.csv"), row.names = FALSE)
rsm <- RSM(rsmdat)
add("rsmdat", "loglik", rsm$loglik)
th <- thresholds(rsm)$threshtable[[1]]
for (i in seq_len(nrow(th))) for (k in 2:ncol(th))
  add("rsmdat", paste0(rownames(th)[i], ":", k - 1), th[i, k])
# person measures (ML with the item parameters fixed) and fit statistics; eRm leaves
# persons with an extreme raw score out of the fit statistics, as FACETS does
pp <- person.parameter(rsm)
theta <- coef(pp)
for (i in seq_along(theta)) add("rsmdat", paste0("theta:P", sprintf("%02d", i)), theta[i])
fit <- itemfit(pp)
for (i in seq_along(fit$i.outfitMSQ)) {
  item <- names(fit$i.outfitMSQ)[i]
  add("rsmdat", paste0("outfit:", item), fit$i.outfitMSQ[i])
  add("rsmdat", paste0("infit:", item), fit$i.infitMSQ[i])
  add("rsmdat", paste0("outfit_z:", item), fit$i.outfitZ[i])
  add("rsmdat", paste0("infit_z:", item), fit$i.infitZ[i])
}
pf <- personfit(pp)
for (i in seq_along(pf$p.outfitMSQ)) {
  person <- names(pf$p.outfitMSQ)[i]
  add("rsmdat", paste0("outfit:", person), pf$p.outfitMSQ[i])
  add("rsmdat", paste0("infit:", person), pf$p.infitMSQ[i])
}

# 2. Many-facet data as a linear rating scale / partial credit model with a design matrix.
# Each (marker, member) pair is a virtual item; beta_ih = -(h (D_m + C_r) + psi_h), so
# with W holding the negated coefficients, eta are difficulties:
#   rating scale: eta = (D_m - D_1, m >= 2; C_r - C_1, r >= 2; tau_j - tau_1, j >= 2)
#   partial credit: eta = (C_r - C_1, r >= 2; Psi_mh - h Psi_11 for (m, h) != (1, 1))
#   with Psi_mh = psi_mh + h D_m.
facets_wide <- function(long) {
  long$item <- paste(long$marker, long$rater_id, sep = "|")
  items <- sort(unique(long$item))
  persons <- sort(unique(long$project_id))
  X <- matrix(NA_integer_, length(persons), length(items), dimnames = list(persons, items))
  X[cbind(match(long$project_id, persons), match(long$item, items))] <- long$score
  X
}
fit_facets <- function(name, model) {
  long <- read.csv(file.path(out, paste0(name, ".csv")), colClasses = "character")
  long$score <- as.integer(long$score)
  X <- facets_wide(long)
  items <- colnames(X)
  marker <- sub("\\|.*", "", items); rater <- sub(".*\\|", "", items)
  M <- sort(unique(marker)); R <- sort(unique(rater)); m <- max(long$score)
  W <- NULL
  for (i in seq_along(items)) for (h in 1:m) {
    row <- c()
    if (model == "rsm") row <- c(row, -h * (marker[i] == M[-1]))
    row <- c(row, -h * (rater[i] == R[-1]))
    if (model == "rsm") {
      row <- c(row, -(2:m <= h))
    } else {
      cols <- rep(0, length(M) * m)
      cols[(match(marker[i], M) - 1) * m + h] <- -1
      row <- c(row, cols[-1])  # the (1, 1) column is dropped: h Psi_11 is the free shift
    }
    W <- rbind(W, row)
  }
  if (model == "rsm") {
    labels <- c(paste0("marker:", M[-1]), paste0("rater_id:", R[-1]), paste0("tau:", 2:m))
    fit <- LRSM(X, W = W, se = TRUE)
  } else {
    grid <- expand.grid(h = 1:m, mk = M)[, c("mk", "h")]
    labels <- c(paste0("rater_id:", R[-1]), paste0("psi:", grid$mk, ":", grid$h)[-1])
    fit <- LPCM(X, W = W, se = TRUE)
  }
  add(name, "loglik", fit$loglik)
  for (j in seq_along(labels)) add(name, labels[j], fit$etapar[j], fit$se.eta[j])
}
fit_facets("facets_small", "rsm")
fit_facets("facets_pcm", "pcm")

write.csv(do.call(rbind, rows), file.path(out, "erm_results.csv"), row.names = FALSE)
writeLines(c(R.version.string, paste("eRm", as.character(packageVersion("eRm"))),
             format(Sys.time(), "%Y-%m-%d", tz = "UTC")),
           file.path(out, "erm_versions.txt"))
