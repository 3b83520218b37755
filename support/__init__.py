"""Support referrals (jobs, training, VBSP loans): see the support referrals issue."""
