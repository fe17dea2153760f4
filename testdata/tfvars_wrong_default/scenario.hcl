description = "tflint rejects a default of the wrong type itself, before plugins run."
errors      = ["Invalid default value for variable.*string required, but have tuple"]
