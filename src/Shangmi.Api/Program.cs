using Shangmi.Api.AppConfig;
using Shangmi.Api.Articles;
using Shangmi.Api.Common;
using Shangmi.Api.Dashboard;
using Shangmi.Api.StaffConsole;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;
using Shangmi.Api.Data;
using Shangmi.Api.Events;
using Shangmi.Api.Experts;
using Shangmi.Api.Files;
using Shangmi.Api.Health;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Identity;
using Shangmi.Api.Observability;
using Shangmi.Api.Reference;
using Shangmi.Api.Surveys;
using Shangmi.Api.ServiceNetwork;
using Shangmi.Api.ServiceRequests;
using Shangmi.Api.Tips;
using Shangmi.Api.WeChat;

var builder = WebApplication.CreateBuilder(args);

builder.AddStructuredLogging();
builder.AddRequestLimits();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddInsecureSwitchGuard();
builder.Services.AddApiProblems();
builder.Services.AddApiJson();
builder.Services.AddProxyAwareness();
builder.Services.AddPerIpRateLimits();
builder.Services.AddDatabase();
builder.Services.AddMetrics(builder.Configuration);
builder.Services.AddHealth();
builder.Services.AddWeChat();
builder.Services.AddIdentityFeature();
builder.Services.AddPublicContentCache();
builder.Services.AddFiles();
builder.Services.AddArticles();
builder.Services.AddExperts();
builder.Services.AddEvents();
builder.Services.AddTips();
builder.Services.AddReference();
builder.Services.AddEnterprises();
builder.Services.AddSurveys();
builder.Services.AddDashboard();
builder.Services.AddServiceNetwork();
builder.Services.AddServiceRequests();
builder.Services.AddApiDocument();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseHttpLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseApiDocument();
app.UseConsole();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseArticleViewCounting();
app.UseOutputCache();

app.MapHealth();
app.MapMetrics();
app.MapIdentity();
app.MapAppConfig();
app.MapFiles();
app.MapArticleFeature();
app.MapExpertFeature();
app.MapEventFeature();
app.MapTipFeature();
app.MapReference();
app.MapEnterpriseFeature();
app.MapSurveyFeature();
app.MapDashboard();
app.MapServiceNetworkFeature();
app.MapServiceRequestFeature();

app.Run();

/// <summary>Entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
