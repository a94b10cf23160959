# The lake's vocabularies as people read them (docs/schema.md lists the values). English keeps the values
# themselves; a value with no message is shown as it is.

mark-expected = { $value } (exp.)

vocab-kind-programme-grant = programme grant
vocab-kind-special-fund = special fund
vocab-kind-local-match = local match
vocab-kind-award-subsidy = award subsidy
vocab-kind-service-purchase = service purchase
vocab-kind-programme-spending = programme spending
vocab-kind-loan = loan
vocab-kind-credit-line = credit line
vocab-kind-enterprise-investment = enterprise investment
vocab-kind-unspecified = unspecified

vocab-kind-short-programme-grant = grant
vocab-kind-short-special-fund = special fund
vocab-kind-short-local-match = local match
vocab-kind-short-award-subsidy = awards
vocab-kind-short-service-purchase = services
vocab-kind-short-programme-spending = spending
vocab-kind-short-loan = loan
vocab-kind-short-credit-line = credit line
vocab-kind-short-enterprise-investment = own investment
vocab-kind-short-unspecified = unspecified


vocab-kind-campaign = campaign
vocab-kind-quality-chain = quality-chain
vocab-kind-award = award
vocab-kind-training = training
vocab-kind-regulation = regulation
vocab-kind-industrial-cluster = industrial cluster
vocab-kind-industry-chain = industry chain
vocab-kind-industry = industry
vocab-kind-emerging-industry-field = emerging industry field
vocab-kind-demonstration-project = demonstration project
vocab-kind-action = action
vocab-kind-chain-project = chain project
vocab-class-public-money = public money
vocab-class-credit = credit
vocab-class-enterprise-investment = enterprise investment
vocab-class-unspecified = unspecified
vocab-scope-item = item
vocab-scope-annual-total = annual total
vocab-scope-cumulative-total = cumulative total
vocab-size_class-large = large
vocab-size_class-medium = medium
vocab-size_class-small = small
vocab-size_class-micro = micro
vocab-chain_role-chain-master = chain master
vocab-chain_role-chain-member = chain member
vocab-measure-projects = projects
vocab-measure-enterprises = enterprises
vocab-measure-chains = chains
vocab-measure-ratings = ratings
vocab-measure-sme-share = sme share
vocab-rule-matches = matches
vocab-rule-within = within
vocab-rule-side-by-side = side by side
vocab-rule-source-inconsistent = source inconsistent
vocab-qualifier-exact = exact
vocab-actual_qualifier-exact = exact
vocab-qualifier-more-than = more than
vocab-actual_qualifier-more-than = more than
vocab-qualifier-about = about
vocab-actual_qualifier-about = about
vocab-qualifier-at-least = at least
vocab-actual_qualifier-at-least = at least
vocab-qualifier-at-most = at most
vocab-actual_qualifier-at-most = at most
vocab-qualifier-up-to = up to
vocab-actual_qualifier-up-to = up to
vocab-qualifier-expected = expected
vocab-actual_qualifier-expected = expected

vocab-boolean-true = true
vocab-boolean-false = false
vocab-kind-province = province
vocab-kind-city = city
vocab-kind-programme = programme
vocab-kind-chain = chain
vocab-kind-project = project
vocab-kind-enterprise = enterprise
vocab-kind-organisation = organisation

vocab-rating-excellent = excellent
vocab-rating-good = good
vocab-rating-pass = pass
vocab-rating-deferred = deferred
