role_arn = "arn:aws:iam::111122223333:role/ci\n::error file=main.tf,line=1::forged\u0000"
