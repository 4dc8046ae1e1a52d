"""`claimkit import`: finding ClaimReview markup, turning it into records, and writing them."""
