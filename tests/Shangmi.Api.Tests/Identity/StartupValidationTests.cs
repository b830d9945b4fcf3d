using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Identity;

/// <summary>The service refuses to start with missing or weak secrets, or with the WeChat stand-in in Production.</summary>
public class StartupValidationTests
{
    private static Exception? StartWith(string environment, params (string Key, string? Value)[] settings)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:Shangmi", TestMariaDb.ConnectionStringFor("startup_never_used"));
            builder.UseSetting("Auth:SigningKey", "a-perfectly-random-signing-key-9f8e7d6c5b4a3210");
            builder.UseSetting("WeChat:AppId", "wx-app");
            builder.UseSetting("WeChat:AppSecret", "app-secret");
            builder.UseSetting("Tips:EncryptionKey", "q1x2RJ3PYm7yX9eVn0Zf8w3k5cT6uA2bL4sD7gH9jK0=");
            builder.UseSetting("Tips:ReceiptKey", "a-receipt-key-of-enough-random-length-5d3f1a");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        return Record.Exception(() => factory.Server);
    }

    [Theory]
    [InlineData("")]
    [InlineData("too-short-key")]
    [InlineData("change-me-change-me-change-me-change-me")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void A_missing_or_weak_signing_key_stops_the_start(string key)
    {
        var failure = StartWith("Testing", ("Auth:SigningKey", key));

        Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Auth:SigningKey", failure.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    public void A_missing_or_short_tip_encryption_key_stops_the_start(string key)
    {
        var failure = StartWith("Production", ("WeChat:ApiBaseUrl", "https://api.weixin.qq.com"), ("Tips:EncryptionKey", key));

        Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Tips:EncryptionKey", failure.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000", "", "Storage:S3:Bucket")]
    [InlineData("ftp://files.example", "shangmi", "Storage:S3:ServiceUrl")]
    public void A_half_configured_bucket_stops_the_start(string url, string bucket, string named)
    {
        var failure = StartWith("Testing", ("Storage:S3:ServiceUrl", url), ("Storage:S3:Bucket", bucket),
            ("Storage:S3:AccessKey", "key"), ("Storage:S3:SecretKey", "secret"));

        Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains(named, failure.Message);
    }

    [Fact]
    public void A_weak_first_admin_password_stops_the_start()
    {
        var failure = StartWith("Testing", ("Bootstrap:AdminUsername", "admin"), ("Bootstrap:AdminPassword", "admin"));

        Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Bootstrap", failure.Message);
    }

    [Fact]
    public void Demo_content_is_refused_in_Production()
    {
        var failure = StartWith("Production", ("WeChat:ApiBaseUrl", "https://api.weixin.qq.com"), ("Seed:Demo", "true"));

        Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Seed:Demo", failure.Message);
    }

    [Fact]
    public void The_local_WeChat_stand_in_is_refused_in_Production()
    {
        var failure = StartWith("Production", ("WeChat:ApiBaseUrl", "http://127.0.0.1:5081"));

        Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("WeChat:ApiBaseUrl", failure.Message);
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void The_stand_in_and_demo_content_are_refused_outside_Development_without_the_explicit_switch(string environment)
    {
        var standIn = StartWith(environment, ("WeChat:ApiBaseUrl", "http://127.0.0.1:5081"));
        var demo = StartWith(environment, ("Seed:Demo", "true"));

        Assert.IsType<OptionsValidationException>(standIn);
        Assert.Contains("WeChat:ApiBaseUrl", standIn.Message);
        Assert.IsType<OptionsValidationException>(demo);
        Assert.Contains("Seed:Demo", demo.Message);
    }

    [Fact]
    public void The_explicit_switch_is_refused_in_Production()
    {
        var failure = StartWith("Production", ("WeChat:ApiBaseUrl", "https://api.weixin.qq.com"), ("AllowInsecureTestSwitches", "true"));

        Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("AllowInsecureTestSwitches", failure.Message);
    }
}

/// <summary>With the explicit switch a non-production environment may use the stand-in, and says so loudly.</summary>
public class InsecureSwitchTests(InsecureSwitchTests.Factory factory) : IClassFixture<InsecureSwitchTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Staging");
        }
    }

    [Fact]
    public async Task Staging_with_the_switch_starts_signs_in_through_the_stand_in_and_logs_a_warning()
    {
        await factory.SignInUserAsync("staging:1");

        Assert.Contains(factory.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal)
                                                    && line.Contains("AllowInsecureTestSwitches is on in Staging"));
    }
}
