description = "A file that does not parse: tflint reports the syntax error and exits 1; eksauth never runs on half a module."
errors      = ["Missing item separator"]
